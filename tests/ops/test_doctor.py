"""`adurabi doctor`: every check in order, exit 3 only when the database cannot be used."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from adurabi_cli.db.migrations import LATEST
from adurabi_cli.services.doctor import (
    FAIL,
    LOW_DISK_BYTES,
    OK,
    SKIP,
    WARN,
    disk_verdict,
    permission_problems,
)
from tests.dbtarget import execute, scalar
from tests.ops.helpers import (
    add_complaint,
    add_news,
    add_nil_report,
    checkpoint,
    corrupt_index_page,
    days_ago,
)

ORDER = [
    "file",
    "schema",
    "integrity",
    "foreign_keys",
    "journal_mode",
    "filesystem",
    "disk",
    "permissions",
    "temporary_files",
    "counts",
    "duplicates",
    "activity",
]


def doctor(cli, *args, code: int = 0) -> tuple[dict, str]:
    result = cli(*args, "doctor", "--json", code=code)
    return json.loads(result.stdout), result.stderr


def checks(report: dict) -> dict[str, tuple[str, str]]:
    return {c["name"]: (c["status"], c["message"]) for c in report["checks"]}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.sqlite_only
def test_a_healthy_database_passes_every_check_in_order(cli, initialized):
    add_complaint(initialized, "kanwil", days_ago(3))
    report, stderr = doctor(cli)
    assert [c["name"] for c in report["checks"]] == ORDER
    found = checks(report)
    assert {name: status for name, (status, _) in found.items() if name != "activity"} == {
        name: OK for name in ORDER if name != "activity"
    }
    assert found["schema"][1] == f"schema {LATEST}, the version this program knows"
    assert found["integrity"][1] == "integrity_check found no damage"
    assert found["journal_mode"][1] == "wal (write-ahead log)"
    assert found["counts"][1] == (
        "19 satker, 1 complaints (0 deleted), 0 news (0 deleted), 0 evidence file(s) of 0 B"
    )
    assert report["location"] == str(initialized)
    assert report["status"] == WARN  # 18 satker recorded nothing
    data = report["data"]
    assert data["schema_version"] == data["program_schema_version"] == LATEST
    assert data["journal_mode"] == "wal"
    assert data["integrity"] == ["ok"]
    assert data["counts"]["complaints"] == 1
    assert data["pages"]["page_size"] == 4096
    assert data["filesystem"]["network"] is False
    assert data["free_bytes"] > 0
    assert stderr == ""


@pytest.mark.sqlite_only
def test_doctor_never_writes_to_the_file(cli, initialized):
    checkpoint(initialized)
    before = digest(initialized)
    cli("doctor")
    assert digest(initialized) == before
    assert not Path(f"{initialized}-wal").exists()


def test_quiet_satker_are_named(cli, initialized):
    add_complaint(initialized, "kanwil", days_ago(5), number=1)
    add_news(initialized, "lapas-kerobokan", days_ago(29))
    add_nil_report(initialized, "rutan-bangli", days_ago(1))
    add_complaint(initialized, "lapas-tabanan", days_ago(90), updated=days_ago(2), number=2)
    add_complaint(initialized, "lapas-singaraja", days_ago(31), number=3)  # too long ago
    cli("satker", "update", "rutan-negara", "--inactive")
    report, _ = doctor(cli)
    quiet = [s["code"] for s in report["data"]["inactive_satker"]]
    assert len(quiet) == 19 - 5
    for active in ("kanwil", "lapas-kerobokan", "rutan-bangli", "lapas-tabanan", "rutan-negara"):
        assert active not in quiet
    assert "lapas-singaraja" in quiet
    status, text = checks(report)["activity"]
    assert status == WARN
    assert text.startswith("14 of 18 active satker recorded nothing in the last 30 days: ")
    assert "Lembaga Pemasyarakatan Kelas IIB Singaraja" in text


def test_every_satker_active_is_ok(cli, initialized):
    execute(initialized, "UPDATE satker SET active = ? WHERE code != 'kanwil'", False)
    add_news(initialized, "kanwil", days_ago(0))
    report, _ = doctor(cli)
    assert checks(report)["activity"] == (
        OK,
        "every active satker recorded something in the last 30 days",
    )
    assert report["data"]["inactive_satker"] == []


@pytest.mark.sqlite_only
def test_a_corrupt_page_exits_3_with_the_sentence_and_leaves_the_file_alone(cli, initialized):
    corrupt_index_page(initialized)
    before = digest(initialized)
    result = cli("doctor", "--json", code=3)
    report = json.loads(result.stdout)
    status, text = checks(report)["integrity"]
    assert status == FAIL
    assert text.startswith(f"the database at {initialized} is damaged")
    assert text.endswith("restore it from a backup")
    assert report["status"] == FAIL
    assert result.stderr == f"Error: {text}\n"
    assert "counts" not in checks(report)  # nothing more is read from a damaged file
    assert "disk" in checks(report)  # the folder is still looked at
    assert digest(initialized) == before


@pytest.mark.sqlite_only
def test_the_human_report_lists_checks_then_the_error(cli, initialized):
    corrupt_index_page(initialized)
    result = cli("doctor", code=3)
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows][:3] == ["file", "schema", "integrity"]
    assert rows[2][1] == FAIL
    assert result.stderr.startswith("Error: the database at ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.sqlite_only
def test_a_table_on_a_terminal(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("doctor")
    assert "Pemeriksaan" in result.stdout and "Keterangan" in result.stdout
    assert "integrity_check found no damage" in result.stdout
    assert "1 warning(s), no failure." in result.stderr


def _scribble_schema_page(path: Path) -> None:
    checkpoint(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()


def test_an_older_schema_is_a_warning_and_is_not_upgraded(cli, initialized):
    """Both engines: doctor reads an older schema as it is (the URL opening too)."""
    execute(initialized, "DELETE FROM schema_migration WHERE version = ?", LATEST)
    report, _ = doctor(cli)
    assert checks(report)["schema"] == (
        WARN,
        f"schema {LATEST - 1}, this program knows {LATEST}; `adurabi init` (or the next "
        "command that writes) upgrades it",
    )
    assert checks(report)["duplicates"] == (
        SKIP,
        "the schema is older; `adurabi init` (or the next command that writes) upgrades it",
    )
    assert scalar(initialized, "SELECT max(version) FROM schema_migration") == LATEST - 1


def _empty_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")  # writes the header page, creates no table
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO schema_migration VALUES (?, 'from the future', '2030-01-01 00:00:00')",
        (LATEST + 1,),
    )
    conn.commit()
    conn.close()
    checkpoint(path)


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "damage, check, sentence",
    [
        (_scribble_schema_page, "schema", "is damaged"),
        (lambda p: p.write_bytes(p.read_bytes()[:1500]), "schema", "database at"),
        (lambda p: p.write_text("catatan rapat\n" * 50), "file", "not an SQLite file"),
        (lambda p: (p.unlink(), _other_program(p)), "schema", "is not an adurabi database"),
        (
            lambda p: (p.unlink(), _empty_sqlite(p)),
            "schema",
            "has no adurabi schema; run `adurabi init`",
        ),
        (lambda p: p.unlink(), "file", "no database at"),
        (_newer, "schema", f"written by a newer adurabi (schema {LATEST + 1}"),
    ],
    ids=["schema-page", "truncated", "not-sqlite", "other-program", "empty", "missing", "newer"],
)
def test_a_file_that_cannot_be_used_exits_3_untouched(cli, initialized, damage, check, sentence):
    checkpoint(initialized)
    damage(initialized)
    before = digest(initialized) if initialized.exists() else None
    result = cli("doctor", "--json", code=3)
    report = json.loads(result.stdout)
    failed = [c for c in report["checks"] if c["status"] == FAIL]
    assert failed[0]["name"] == check
    assert sentence in failed[0]["message"]
    assert result.stderr == f"Error: {failed[0]['message']}\n"
    assert (digest(initialized) if initialized.exists() else None) == before


@pytest.mark.sqlite_only
def test_a_network_filesystem_is_named_as_a_risk(cli, initialized, monkeypatch):
    monkeypatch.setenv("ADURABI_FS_TYPE", "nfs")
    report, stderr = doctor(cli)
    found = checks(report)
    assert found["filesystem"] == (
        WARN,
        "SQLite on nfs may corrupt under concurrent writers; move the file to a local disk",
    )
    # Doctor does not switch the journal itself; it says the next command will.
    assert found["journal_mode"][0] == WARN
    assert "does not work on a network filesystem" in found["journal_mode"][1]
    assert report["data"]["filesystem"]["origin"] == "ADURABI_FS_TYPE"
    assert len([line for line in stderr.splitlines() if line.startswith("Warning:")]) == 1
    cli("satker", "list")  # a command that only reads leaves the journal as it is
    assert checks(doctor(cli)[0])["journal_mode"][0] == WARN
    cli("init")  # a command that writes switches to the rollback journal
    report, _ = doctor(cli)
    assert checks(report)["journal_mode"] == (
        OK,
        "delete (a rollback journal, as a network filesystem needs)",
    )


@pytest.mark.sqlite_only
def test_a_rollback_journal_on_a_local_disk_is_fine(cli, initialized):
    conn = sqlite3.connect(initialized)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    status, text = checks(doctor(cli)[0])["journal_mode"]
    assert status == OK
    assert "switches it to wal" in text


@pytest.mark.sqlite_only
def test_broken_references_are_a_warning(cli, initialized):
    conn = sqlite3.connect(initialized)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO nil_report (satker_id, month, created_by, created_at) "
        "VALUES (999, '2025-04', 'x', '2025-04-01 00:00:00')"
    )
    conn.commit()
    conn.close()
    report, _ = doctor(cli)
    assert checks(report)["foreign_keys"] == (
        WARN,
        "1 row(s) of nil_report point to a missing satker",
    )
    assert report["data"]["foreign_key_problems"] == [
        {"table": "nil_report", "parent": "satker", "rows": 1}
    ]


@pytest.mark.sqlite_only
def test_quick_check(cli, initialized):
    report = json.loads(cli("doctor", "--json", "--quick").stdout)
    assert checks(report)["integrity"] == (OK, "quick_check found no damage")


@pytest.mark.sqlite_only
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the folder another group")
def test_a_shared_folder_with_a_private_file_is_a_warning(cli, tmp_path):
    shared = tmp_path / "humas"
    shared.mkdir()
    os.chown(shared, -1, 4242)
    os.chmod(shared, 0o775)  # group-writable, but not setgid
    db = shared / "adurabi.db"
    cli("--db", db, "init")
    os.chmod(db, 0o644)
    os.chown(db, -1, 0)
    status, text = checks(doctor(cli, "--db", db)[0])["permissions"]
    assert status == WARN
    assert f"run: chmod g+rw {db}" in text
    assert f"run: chgrp 4242 {db}" in text
    assert f"run: chmod g+s {shared}" in text


# --- the verdicts, without a disk or a second user ----------------------------------------


def test_disk_verdicts():
    folder = Path("/srv/adurabi")
    mb = 1024 * 1024
    assert disk_verdict(100 * mb, 10 * mb, folder)[0] == WARN
    assert "keep at least 500.0 MB free" in disk_verdict(LOW_DISK_BYTES - 1, 0, folder)[1]
    status, text = disk_verdict(900 * mb, 600 * mb, folder)
    assert status == WARN
    assert "less than twice the database (600.0 MB)" in text
    assert disk_verdict(5000 * mb, 600 * mb, folder) == (OK, "4.9 GB free in /srv/adurabi")


def _problems(**overrides):
    args = {
        "path": Path("/srv/adurabi/adurabi.db"),
        "file_mode": 0o100664,
        "file_gid": 50,
        "folder_gid": 50,
        "folder_group_writable": True,
        "folder_setgid": True,
        "can_write_file": True,
        "can_write_folder": True,
        "unwritable_sidecars": [],
        **overrides,
    }
    return permission_problems(**args)


def test_permission_verdicts():
    assert _problems() == []
    assert _problems(folder_group_writable=False, folder_setgid=False, file_mode=0o100600) == []
    [text] = _problems(can_write_file=False)
    assert (
        text == "you cannot write to /srv/adurabi/adurabi.db; commands that change data will fail"
    )
    [text] = _problems(can_write_folder=False)
    assert "you cannot create files in /srv/adurabi" in text
    [text] = _problems(unwritable_sidecars=[Path("/srv/adurabi/adurabi.db-shm")])
    assert text.startswith("you cannot write to /srv/adurabi/adurabi.db-shm")
    [text] = _problems(file_mode=0o100644)
    assert text.endswith("run: chmod g+rw /srv/adurabi/adurabi.db")
    [text] = _problems(folder_setgid=False)
    assert text.endswith("run: chmod g+s /srv/adurabi")
    assert len(_problems(file_gid=0)) == 1


@pytest.mark.sqlite_only
def test_a_database_in_a_missing_folder_is_one_failed_check(cli, tmp_path):
    target = tmp_path / "no-such-folder" / "adurabi.db"
    result = cli("--db", target, "doctor", "--json", code=3)
    report = json.loads(result.stdout)
    assert report["checks"] == [
        {"name": "file", "status": FAIL, "message": f"no database at {target}; run `adurabi init`"}
    ]
    assert not target.parent.exists()
