"""`complaint attach|files|file-get|file-remove`: evidence files stored in the database."""

from __future__ import annotations

import hashlib
import os
import zipfile

import pytest

from tests.complaints.helpers import refused
from tests.excel.helpers import sheet_rows

MB = 1024 * 1024


@pytest.fixture
def number(add):
    return add("--received", "2025-04-21")


@pytest.fixture
def letter(tmp_path):
    path = tmp_path / "surat pengaduan.pdf"
    path.write_bytes(b"%PDF-1.4 surat-pengaduan-isi-rahasia\n" + bytes(range(256)) * 40)
    return path


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "foto-loket.jpg"
    path.write_bytes(os.urandom(300_000))
    return path


@pytest.fixture
def files_snapshot(snapshot, table):
    def _snapshot():
        return {**snapshot(), "complaint_file": table("complaint_file")}

    return _snapshot


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_files_are_stored_listed_shown_and_read_back_byte_for_byte(
    cli, number, letter, photo, tmp_path
):
    result = cli("complaint", "attach", number, letter, photo)
    assert "Attached surat pengaduan.pdf (" in result.stderr
    assert result.stdout == ""
    listed = cli.json("complaint", "files", number)
    fields = ("name", "media_type", "size", "sha256", "added_by")
    assert [tuple(f[k] for k in fields) for f in listed] == [
        ("surat pengaduan.pdf", "application/pdf", letter.stat().st_size, sha(letter), "tester"),
        ("foto-loket.jpg", "image/jpeg", 300_000, sha(photo), "tester"),
    ]
    plain = cli("complaint", "files", number).stdout.splitlines()
    assert plain[1].split("\t")[:4] == ["foto-loket.jpg", "image/jpeg", "300.000", sha(photo)]
    csv_rows = cli("complaint", "files", number, "--csv").stdout.splitlines()
    assert csv_rows[0] == "name,media_type,size,sha256,added_at,added_by"
    shown = cli.json("complaint", "show", number)
    assert [f["name"] for f in shown["files"]] == ["surat pengaduan.pdf", "foto-loket.jpg"]
    assert [(h["action"], h["field"], h["new_value"]) for h in shown["history"][1:]] == [
        ("attach", "file", f"surat pengaduan.pdf (sha256 {sha(letter)}, "
                           f"{letter.stat().st_size:,} bytes)"),
        ("attach", "file", f"foto-loket.jpg (sha256 {sha(photo)}, 300,000 bytes)"),
    ]  # fmt: skip
    assert "\nfoto-loket.jpg\timage/jpeg\t300.000\t" in cli("complaint", "show", number).stdout
    out = tmp_path / "keluar"
    out.mkdir()
    got = cli("complaint", "file-get", number, "foto-loket.jpg", "--out", out / "f.jpg")
    assert got.stdout == f"{out / 'f.jpg'}\n"
    assert (out / "f.jpg").read_bytes() == photo.read_bytes()
    # A folder: the file goes under its own name.
    cli("complaint", "file-get", number, "surat pengaduan.pdf", "--out", out)
    assert (out / "surat pengaduan.pdf").read_bytes() == letter.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["f.jpg", "surat pengaduan.pdf"]  # no temp


def test_file_get_never_overwrites_unless_forced(cli, number, letter, photo, tmp_path):
    cli("complaint", "attach", number, letter, photo)
    target = tmp_path / "ada.jpg"
    target.write_bytes(b"jangan ditimpa")
    line = refused(cli, "complaint", "file-get", number, "foto-loket.jpg", "--out", target)
    assert "already exists; give --force" in line
    assert target.read_bytes() == b"jangan ditimpa"
    cli("complaint", "file-get", number, "foto-loket.jpg", "--out", target, "--force")
    assert target.read_bytes() == photo.read_bytes()
    assert "has no file named nope.jpg (its files: surat pengaduan.pdf, foto-loket.jpg)" in (
        refused(cli, "complaint", "file-get", number, "nope.jpg", "--out", tmp_path / "x")
    )
    assert "folder" in refused(
        cli, "complaint", "file-get", number, "foto-loket.jpg", "--out", tmp_path / "no" / "x"
    )
    assert not (tmp_path / "x").exists()


def test_a_removed_file_is_gone_and_its_name_hash_and_reason_stay_in_history(
    cli, number, letter, photo, table
):
    cli("complaint", "attach", number, letter, photo)
    cli("complaint", "file-remove", number, "foto-loket.jpg", "--note", "Salah unggah")
    assert [f["name"] for f in cli.json("complaint", "files", number)] == ["surat pengaduan.pdf"]
    assert len(table("complaint_file")) == 1
    [line] = [h for h in cli.json("complaint", "history", number) if h["action"] == "file-remove"]
    assert (line["old_value"], line["note"]) == (
        f"foto-loket.jpg (sha256 {sha(photo)}, 300,000 bytes)",
        "Salah unggah",
    )
    # The same content may come back once the stored one is removed.
    cli("complaint", "attach", number, photo)


def test_the_same_name_or_content_twice_is_refused_with_nothing_stored(
    cli, number, letter, photo, tmp_path, files_snapshot
):
    cli("complaint", "attach", number, letter)
    before = files_snapshot()
    copy = tmp_path / "salinan.pdf"
    copy.write_bytes(letter.read_bytes())
    assert "same content as surat pengaduan.pdf" in refused(
        cli, "complaint", "attach", number, photo, copy
    )
    other = tmp_path / "lain" / letter.name
    other.parent.mkdir()
    other.write_bytes(b"isi lain")
    assert "already has a file named surat pengaduan.pdf" in refused(
        cli, "complaint", "attach", number, other
    )
    # Twice in one call.
    again = tmp_path / "lagi.jpg"
    again.write_bytes(photo.read_bytes())
    assert "same content as foto-loket.jpg" in refused(
        cli, "complaint", "attach", number, photo, again
    )
    assert files_snapshot() == before


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("PGD-2025-09999", "{letter}"), "no complaint PGD-2025-09999"),
        (("{n}", "{tmp}/hilang.pdf"), "hilang.pdf does not exist"),
        (("{n}", "{tmp}"), "is a folder, not a file"),
        (("{n}", "/dev/zero"), "/dev/zero is not a regular file (a device, pipe or socket)"),
        (("{n}", ""), "a file name is empty"),
        (("{n}", "{letter}", "{tmp}/kosong.txt"), "kosong.txt is empty"),
        (("{n}", "{letter}", "{tmp}/besar.bin"), "larger than the limit of 1 MB (1,048,577 bytes)"),
    ],
)
def test_bad_files_are_refused_with_nothing_stored(
    cli, number, letter, tmp_path, files_snapshot, table, args, reason
):
    cli("setting", "set", "max_file_mb", "1")
    (tmp_path / "kosong.txt").write_bytes(b"")
    (tmp_path / "besar.bin").write_bytes(b"x" * (MB + 1))
    before = files_snapshot()
    values = {"n": number, "letter": letter, "tmp": tmp_path}
    line = refused(cli, "complaint", "attach", *(a.format(**values) for a in args))
    assert reason in line
    assert files_snapshot() == before
    assert table("complaint_file") == []


def test_exactly_the_limit_is_accepted_and_the_limit_is_a_setting(cli, number, tmp_path):
    cli("setting", "set", "max_file_mb", "1")
    exact = tmp_path / "pas.bin"
    exact.write_bytes(b"y" * MB)
    cli("complaint", "attach", number, exact)
    for bad in ("0", "201", "satu", "1.5"):
        assert "max_file_mb must be a whole number from 1 to 200" in refused(
            cli, "setting", "set", "max_file_mb", bad
        )
    settings = {s["key"]: s for s in cli.json("setting", "list")}
    assert (settings["max_file_mb"]["value"], settings["max_file_mb"]["default"]) == (1, 10)


def test_a_fifo_is_refused_without_blocking(cli, number, tmp_path, table):
    fifo = tmp_path / "pipa"
    os.mkfifo(fifo)
    assert "is not a regular file" in refused(cli, "complaint", "attach", number, fifo)
    assert table("complaint_file") == []


def test_deleted_complaints_take_no_files_and_removing_needs_a_note(
    cli, number, letter, photo, files_snapshot
):
    cli("complaint", "attach", number, letter)
    assert "needs --note" in refused(
        cli, "complaint", "file-remove", number, letter.name, "--note", " "
    )
    assert "the file name is empty" in refused(
        cli, "complaint", "file-remove", number, "", "--note", "x"
    )
    cli("complaint", "delete", number, "--note", "Dobel")
    before = files_snapshot()
    assert "was deleted" in refused(cli, "complaint", "attach", number, photo)
    assert "was deleted" in refused(
        cli, "complaint", "file-remove", number, letter.name, "--note", "x"
    )
    assert files_snapshot() == before
    # What was attached before the delete can still be read.
    assert [f["name"] for f in cli.json("complaint", "files", number)] == [letter.name]


def test_doctor_counts_files_and_exports_list_them_only_with_include_personal(
    cli, number, letter, photo, tmp_path
):
    cli("complaint", "attach", number, letter)
    data = cli.json("doctor")["data"]["counts"]
    assert (data["files"], data["files_bytes"]) == (1, letter.stat().st_size)
    cli("export", "--month", "2025-04", "--out", tmp_path / "out", "--include-personal", "--quiet")
    cli("export", "--month", "2025-04", "--out", tmp_path / "plain", "--quiet")
    for folder in ("out", "plain"):
        workbooks = list((tmp_path / folder).rglob("*.xlsx"))
        assert workbooks
        for path in workbooks:
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    assert b"surat-pengaduan-isi-rahasia" not in archive.read(member)
    rows = sheet_rows(tmp_path / "out" / "rekap-2025-04.xlsx", "Pengaduan")
    header = next(r for r in rows if r and r[0] == "Nomor Pengaduan")
    [row] = [r for r in rows if r and r[0] == number]
    listed = row[header.index("Berkas Bukti")]
    assert listed == f"surat pengaduan.pdf (sha256 {sha(letter)})"
    # The list is not read back: the workbook imports (its complaint a known duplicate).
    result = cli("import", "complaints", tmp_path / "out" / "rekap-2025-04.xlsx", "--dry-run")
    assert number in result.stderr + result.stdout
    rows = sheet_rows(tmp_path / "plain" / "rekap-2025-04.xlsx", "Pengaduan")
    header = next(r for r in rows if r and r[0] == "Nomor Pengaduan")
    assert "Berkas Bukti" not in header


@pytest.mark.sqlite_only
def test_a_backup_carries_the_files(cli, number, letter, photo, tmp_path):
    cli("complaint", "attach", number, letter, photo)
    dest = tmp_path / "cadangan.db"
    cli("backup", dest)
    out = tmp_path / "dari-cadangan.jpg"
    cli("--db", dest, "complaint", "file-get", number, "foto-loket.jpg", "--out", out)
    assert out.read_bytes() == photo.read_bytes()
    assert cli.json("--db", dest, "complaint", "files", number) == cli.json(
        "complaint", "files", number
    )
