"""Every refused export: one `Error:` line, the exit code cron sees, and nothing written."""

from __future__ import annotations

import os

import pytest

from tests.conftest import run_adurabi


def refused(cli, *args, code: int = 1) -> str:
    result = cli(*args, code=code)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--month", "2025-13"), "not valid"),
        (("--month", "bulan depan"), "not valid"),
        (("--month", "2025-05"), "in the future"),
        (("--month", "1999-12"), "before 2000"),
        (("-s", "lapas-tidak-ada"), "unknown satker"),
        (("-s", "rutan-negara"), "inactive"),
    ],
)
def test_bad_month_or_satker_is_refused_before_anything_is_written(
    cli, seeded, tmp_path, args, words
):
    out = tmp_path / "rekap"
    assert words in refused(cli, "export", "--out", out, *args)
    assert not out.exists()


def test_output_folder_whose_parent_is_missing(cli, seeded, tmp_path):
    out = tmp_path / "tidak" / "ada"
    line = refused(cli, "export", "--out", out)
    assert f"folder {tmp_path / 'tidak'} does not exist" in line
    assert not (tmp_path / "tidak").exists()


def test_output_that_is_a_file(cli, seeded, tmp_path):
    out = tmp_path / "rekap"
    out.write_text("not a folder")
    assert "is a file, not a folder" in refused(cli, "export", "--out", out)
    assert out.read_text() == "not a folder"


def test_output_folder_that_cannot_be_written(cli, seeded, tmp_path, monkeypatch):
    out = tmp_path / "rekap"
    out.mkdir()
    real = os.access

    # The tests may run as root, who may write anywhere: refuse this one folder.
    def access(path, mode, **kwargs):
        if os.fspath(path) == str(out) and mode & os.W_OK:
            return False
        return real(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    assert f"folder {out} is not writable" in refused(cli, "export", "--out", out)
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_folder_for_real(cli, seeded, tmp_path):
    out = tmp_path / "rekap"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert "not writable" in refused(cli, "export", "--out", out)
    finally:
        out.chmod(0o755)


def test_missing_database_is_storage_trouble(cli, tmp_path):
    out = tmp_path / "rekap"
    line = refused(cli, "export", "--out", out, code=3)
    assert "no database" in line or "no adurabi schema" in line  # a file / a server database
    assert not out.exists()


def test_exit_codes_in_a_real_process(seeded, tmp_path):
    """What cron sees: 0 and silence with --quiet, 1 for a bad option, 3 for no database."""
    out = tmp_path / "rekap"
    done = run_adurabi("export", "--quiet", "--out", out)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (out / "rekap-2025-03.xlsx").is_file()
    bad = run_adurabi("export", "--quiet", "--out", out, "--month", "2025-13")
    assert bad.returncode == 1 and bad.stderr.startswith("Error: ")
    gone = run_adurabi("--db", tmp_path / "gone.db", "export", "--quiet", "--out", out)
    assert gone.returncode == 3 and gone.stderr.startswith("Error: ")
