"""The history in a table reads as words of the operator's language; `--json` and `--csv` keep
the stored slugs (create, status, resolved_on) in both languages."""

from __future__ import annotations

import re

import pytest

from adurabi_cli.render.history import ACTION_LABELS, FIELD_LABELS


@pytest.fixture
def closed(cli, initialized, monkeypatch):
    """A complaint received on 2025-03-24 and closed as selesai on 2025-04-01; tables piped."""
    monkeypatch.setenv("ADURABI_TTY", "0")
    number = cli(
        "complaint", "add", "-s", "kanwil", "--summary", "Antre lama", "--received", "2025-03-24"
    ).stdout.strip()
    cli(
        "complaint",
        "update",
        number,
        "--status",
        "selesai",
        "--note",
        "Beres",
        "--on",
        "1 Apr 2025",
    )
    return number


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t")[2:6] for line in text.splitlines()]


def test_indonesian_history_names_actions_and_fields_in_indonesian(cli, closed, monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")
    rows = _rows(cli("pengaduan", "riwayat", closed).stdout)
    assert rows[0] == ["dibuat", "", "", ""]
    assert ["status diubah", "status", "diterima", "selesai"] in rows
    assert ["diubah", "tanggal selesai", "", "01/04/2025"] in rows
    assert ["diubah", "tindak lanjut", "", "Beres"] in rows


def test_english_history_names_them_in_english(cli, closed):
    rows = _rows(cli("complaint", "history", closed).stdout)
    assert rows[0] == ["created", "", "", ""]
    assert ["changed", "close date", "", "01/04/2025"] in rows


def test_news_history_too(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "0")
    monkeypatch.setenv("ADURABI_LANG", "id")
    item = cli("berita", "tambah", "-s", "kanwil", "-t", "Bakti", "--media", "online").stdout
    cli("berita", "ubah", item.strip(), "--likes", "1500")
    shown = cli("berita", "riwayat", item.strip()).stdout
    assert _rows(shown) == [["dibuat", "", "", ""], ["diubah", "disukai", "", "1500"]]
    # The time as in complaint history: 30/04/2025 14:05, not ISO.
    times = [line.split("\t")[0] for line in shown.splitlines()]
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", time) for time in times), times


@pytest.mark.parametrize("fmt", ["--json", "--csv"])
def test_output_for_scripts_keeps_the_slugs_in_both_languages(cli, closed, monkeypatch, fmt):
    english = cli("complaint", "history", closed, fmt).stdout
    monkeypatch.setenv("ADURABI_LANG", "id")
    assert cli("pengaduan", "riwayat", closed, fmt).stdout == english
    assert "resolved_on" in english and "create" in english and "2025-04-01" in english


def test_every_label_is_a_different_word():
    """Two slugs read alike would make a history line ambiguous."""
    assert len(set(ACTION_LABELS.values())) == len(ACTION_LABELS)
    assert len(set(FIELD_LABELS.values())) == len(FIELD_LABELS)
