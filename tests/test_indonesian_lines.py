"""The lines that still spoke English to an Indonesian operator: `info`, `doctor`, the
`satker update` summary, field and vocabulary words inside messages, duplicate reasons of an
import, and the suggestion after a mistyped command."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def indonesian(monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")
    monkeypatch.setenv("ADURABI_TTY", "0")


def test_info_labels_in_both_languages(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "0")
    english = cli("info").stdout
    assert "Schema version\t" in english and "Public holidays\t" in english
    as_json = cli("info", "--json").stdout
    monkeypatch.setenv("ADURABI_LANG", "id")
    shown = cli("info").stdout
    assert "Versi skema\t" in shown and "Hari libur nasional\t" in shown
    assert "Dipilih oleh\t" in shown and "Schema version" not in shown
    assert cli("info", "--json").stdout == as_json


def test_doctor_speaks_indonesian(cli, initialized, indonesian):
    result = cli("doctor")
    assert "skema " in result.stdout and "versi yang dikenal program ini" in result.stdout
    assert "satker aktif tidak mencatat apa pun dalam 30 hari terakhir" in result.stdout
    assert result.stderr.endswith("peringatan, tanpa kegagalan.\n")
    checks = json.loads(cli("doctor", "--json").stdout)["checks"]
    assert {"schema", "activity"} <= {c["name"] for c in checks}


def test_satker_update_summary_in_both_languages(cli, initialized, monkeypatch):
    result = cli("satker", "update", "rutan-negara", "--inactive", "--email", "a@b.id")
    assert result.stderr == "Updated rutan-negara: active: yes -> no; e-mail: - -> 'a@b.id'.\n"
    monkeypatch.setenv("ADURABI_LANG", "id")
    result = cli("satker", "update", "rutan-negara", "--active")
    assert result.stderr == "Diubah rutan-negara: aktif: tidak -> ya.\n"
    result = cli("satker", "update", "rutan-negara", "--active")
    assert result.stderr == "Diubah rutan-negara: tidak ada perubahan.\n"


def test_field_and_vocabulary_words_inside_messages(cli, initialized, indonesian):
    args = ("pengaduan", "tambah", "-s", "kanwil", "--summary", "x")
    result = cli(*args, "--complainant", "x" * 500, code=1)
    assert result.stderr.startswith("Error: nama pengadu lebih dari ")
    result = cli(*args, "--channel", "merpati", code=1)
    assert result.stderr.startswith("Error: kanal 'merpati' tidak dikenal; yang sah: ")


def test_duplicate_rows_of_an_import_are_named_in_indonesian(
    cli, initialized, tmp_path, indonesian
):
    sheet = tmp_path / "berita.csv"
    sheet.write_text(
        "Satker,Tanggal Terbit,Judul,Media,Tautan\n"
        "kanwil,24/03/2025,Satu,online,https://x.id/a\n"
        "kanwil,24/03/2025,Dua,online,https://x.id/a\n"
        "kanwil,24/03/2025,Tiga,online,\n"
        "kanwil,24/03/2025,Tiga,online,\n",
        encoding="utf-8",
    )
    report = json.loads(cli("impor", "news", sheet, "--dry-run", "--json").stdout)
    reasons = [d["reason"] for d in report["duplicates"]]
    assert reasons == [
        "URL ini mengulang baris 2",
        "satker, tanggal, media, judul dan nama media sama dengan baris 4",
    ]


@pytest.mark.parametrize(
    "args, english, indonesian",
    [
        (("complain",), "Error: No such command 'complain'. Did you mean 'complaint'? (see "
         "'adurabi --help')", "Error: Tidak ada perintah 'complain'. Maksud Anda 'complaint'? "
         "(lihat 'adurabi --help')"),
        (("pengaduan", "tambh"), "Error: No such command 'tambh'. Did you mean 'tambah'? (see "
         "'adurabi pengaduan --help')", "Error: Tidak ada perintah 'tambh'. Maksud Anda "
         "'tambah'? (lihat 'adurabi pengaduan --help')"),
        (("frob",), "Error: No such command 'frob' (see 'adurabi --help')",
         "Error: Tidak ada perintah 'frob' (lihat 'adurabi --help')"),
    ],
)  # fmt: skip
def test_a_mistyped_command_is_answered_with_the_closest_name(
    cli, monkeypatch, args, english, indonesian
):
    assert cli(*args, code=2).stderr == english + "\n"
    monkeypatch.setenv("ADURABI_LANG", "id")
    assert cli(*args, code=2).stderr == indonesian + "\n"
