"""The SP4N-LAPOR! reference (external ref) compared without regard to case or spacing."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from adurabi_cli.db.migrations import MIGRATIONS
from adurabi_cli.db.store import open_store
from tests.complaints.helpers import refused
from tests.dbtarget import execute, rows

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_add_refuses_the_same_ref_in_another_case_or_spacing(cli, add, snapshot):
    first = add("--external-ref", "LAPOR-2026-118734")
    before = snapshot()
    for other in ("lapor-2026-118734", "  Lapor-2026-118734  "):
        error = refused(cli, "complaint", "add", "--satker", "kanwil", "--summary", "Sama",
                        "--external-ref", other)  # fmt: skip
        assert error == f"Error: external ref {other.strip()} is already used by {first}"
    assert snapshot() == before


def test_update_refuses_another_complaints_ref_and_accepts_its_own_in_another_case(cli, add, table):
    first = add("--external-ref", "LAPOR-1")
    second = add("--external-ref", "LAPOR-2")
    error = refused(cli, "complaint", "update", second, "--external-ref", "lapor-1")
    assert error == f"Error: external ref lapor-1 is already used by {first}"
    cli("complaint", "update", first, "--external-ref", "lapor-1")
    assert [r["external_ref"] for r in table("complaint")] == ["lapor-1", "LAPOR-2"]


def test_import_skips_a_ref_stored_or_repeated_in_another_case(cli, add, tmp_path):
    first = add("--external-ref", "LPR-1")
    path = tmp_path / "p.csv"
    path.write_text(
        "satker,received_on,summary,external_ref\n"
        "kanwil,2025-03-24,Satu,lpr-1\n"
        "kanwil,2025-03-24,Dua,LPR-2\n"
        "kanwil,2025-03-25,Tiga, lpr-2 \n"
    )
    report = cli.json("import", "complaints", path)
    assert (report["rows"], report["imported"]) == (3, 1)
    assert report["duplicates"] == [
        {"row": 2, "reason": f"external ref lpr-1 is already used by {first}"},
        {"row": 4, "reason": "external ref lpr-2 repeats an earlier row"},
    ]


def _doctor_duplicates(cli, *args):
    report = json.loads(cli(*args, "doctor", "--json").stdout)
    [check] = [c for c in report["checks"] if c["name"] == "duplicates"]
    return check, report["data"]["duplicate_external_refs"]


@pytest.mark.sqlite_only
def test_upgrade_keeps_both_of_a_pair_and_doctor_lists_it(cli, tmp_path):
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", path)
    with sqlite3.connect(path) as conn:  # a second ticket LAPOR-1, as version 1 allowed
        conn.execute(
            "UPDATE complaint SET external_ref = ' lapor-1' WHERE number = 'PGD-2025-00002'"
        )
    conn.close()
    cli("--db", path, "init")  # upgrades (reading commands refuse an older schema)
    stored = rows(path, "SELECT number, external_ref, external_key FROM complaint ORDER BY id")
    assert stored == [
        {"number": "PGD-2025-00001", "external_ref": "LAPOR-1", "external_key": "lapor-1"},
        {"number": "PGD-2025-00002", "external_ref": " lapor-1", "external_key": None},
    ]
    check, pairs = _doctor_duplicates(cli, "--db", path)
    assert check["status"] == "warn"
    assert "PGD-2025-00002 and PGD-2025-00001 ( lapor-1)" in check["message"]
    assert pairs == [
        {"number": "PGD-2025-00002", "external_ref": " lapor-1", "held_by": "PGD-2025-00001"}
    ]
    # The pair's second one takes a ref of its own and the warning goes away.
    cli("--db", path, "complaint", "update", "PGD-2025-00002", "--external-ref", "LAPOR-2")
    check, pairs = _doctor_duplicates(cli, "--db", path)
    assert (check["status"], pairs) == ("ok", [])


def test_schema_step_on_either_engine_keeps_every_row(cli, add, db_path):
    """The step run on this engine's database as version 6 left it, holding a pair."""
    first, second = add("--external-ref", "LAPOR-7"), add("--external-ref", "LAPOR-8")
    deleted = add("--external-ref", "LAPOR-9")
    cli("complaint", "delete", deleted, "--note", "salah")
    for sql in (
        "DROP INDEX ux_complaint_external_key",
        "ALTER TABLE complaint DROP COLUMN external_key",
        "UPDATE complaint SET external_ref = 'lapor-7' WHERE number = ?",
        "UPDATE complaint SET external_ref = 'Lapor-7' WHERE number = ?",
    ):
        number = second if "lapor-7" in sql else deleted
        execute(db_path, sql, *([number] if "?" in sql else []))
    [step] = [m for m in MIGRATIONS if m.version == 8]
    store = open_store(str(db_path))
    try:
        with store.write() as conn:
            step.apply(conn)
    finally:
        store.close()
    stored = rows(db_path, "SELECT number, external_ref, external_key FROM complaint ORDER BY id")
    assert stored == [
        {"number": first, "external_ref": "LAPOR-7", "external_key": "lapor-7"},
        {"number": second, "external_ref": "lapor-7", "external_key": None},
        {"number": deleted, "external_ref": "Lapor-7", "external_key": "lapor-7"},
    ]
    check, pairs = _doctor_duplicates(cli)
    assert check["status"] == "warn"
    assert pairs == [{"number": second, "external_ref": "lapor-7", "held_by": first}]
