"""`adurabi copy-db`: a whole database into an empty one, verified, or nothing at all.

The target is this test's own database: a PostgreSQL one when ADURABI_TEST_DB_URL is set
(SQLite -> PostgreSQL -> SQLite), otherwise an SQLite file (the same code, file to file).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from adurabi_cli.db import transfer
from adurabi_cli.services.copydb import copy_database
from adurabi_cli.services.setup import init_database
from tests.dbtarget import ENGINE, count, dump, table_names
from tests.recap.conftest import build_scenario
from tests.recap.factory import Factory

COPIED = [
    "history",
    "holiday",
    "number_sequence",
    "official_holiday",
    "period_close",
    "satker",
    "setting",
    "vocab",
    "complaint",
    "news",
    "news_nil_report",
    "nil_report",
    "operator",
    "reminder",
    "complaint_file",
    "complaint_reply",
    "news_satker",
]


# An evidence file holding every byte value and the characters COPY's text format escapes.
EVIDENCE = bytes(range(256)) * 4096 + b"\x00\\N\t\n\r"


def _data(target) -> str:
    """Every stored row but the schema record, which each database keeps for itself."""
    return "\n".join(
        line for line in dump(target).splitlines() if not line.startswith("schema_migration")
    )


@pytest.fixture
def source(tmp_path, cli) -> Path:
    """An SQLite file with complaints, news, nil reports, history and an added holiday."""
    path = tmp_path / "sumber.db"
    init_database(str(path))
    factory = Factory(path)
    try:
        build_scenario(factory)
    finally:
        factory.close()
    cli("--db", path, "holiday", "add", "2025-04-02", "Cuti bersama")
    cli("--db", path, "period", "close", "2025-03", "--note", "Tutup buku Maret")
    number = cli(
        "--db", path, "complaint", "add", "--satker", "kanwil", "--received", "2025-04-21",
        "--summary", "Dimintai uang; 'kutip' \"ganda\" \\ garis miring", "--confidential",
        "--complainant", "Made", "--external-ref", "LAPOR-1",
    ).stdout.strip()  # fmt: skip
    cli("--db", path, "complaint", "update", number, "--status", "selesai", "--note", "Beres")
    cli("--db", path, "complaint", "assign", number, "--officer", "Ketut Ari")
    cli("--db", path, "complaint", "reply", number, "--via", "surat", "--note", "Sudah dijawab",
        "--satisfaction", "puas")  # fmt: skip
    evidence = tmp_path / "bukti.bin"
    evidence.write_bytes(EVIDENCE)
    cli("--db", path, "complaint", "attach", number, evidence)
    cli("--db", path, "news", "add", "--satker", "lapas-kerobokan", "--title", "Bakti sosial",
        "--media", "online", "--url", "https://x.id/a?utm_source=wa", "--views", "12")  # fmt: skip
    # The first item (kanwil's) covers two more satker.
    cli("--db", path, "news", "update", "1", "--also-satker", "lapas-kerobokan; rutan-bangli")
    return path


def test_a_copy_holds_every_row_and_gives_the_same_answers(cli, source, empty_db, tmp_path):
    result = cli("copy-db", "--from", source, "--to", empty_db, "--json")
    report = json.loads(result.stdout)
    assert report["verified"] is True
    assert list(report["tables"]) == COPIED
    assert report["tables"]["complaint"] == count(source, "complaint")
    assert report["tables"]["news_satker"] == 2
    assert report["rows"] == sum(count(source, name) for name in COPIED)
    assert "the rows of every table match" in result.stderr
    assert _data(empty_db) == _data(source)

    for args in (
        ("recap", "--month", "2025-03"),
        ("recap", "--month", "2025-04", "--satker", "kanwil"),
        ("monitor", "--once"),
        ("complaint", "list", "--limit", "0"),
        ("complaint", "list", "--overdue", "--search", "KANWIL"),
        ("news", "list", "--limit", "0"),
        ("holiday", "list", "--year", "2025"),
        ("period", "list"),
        ("complaint", "history", "PGD-2025-00018"),  # the one added through the program
        ("complaint", "show", "PGD-2025-00018"),
    ):
        copied, original = (cli.json("--db", db, *args) for db in (empty_db, source))
        if args[0] == "monitor":  # stamped with the second it ran
            copied.pop("at"), original.pop("at")
        assert copied == original, args

    # New rows carry on after the copied ones, in both numbering and ids.
    for db in (source, empty_db):
        added = cli.json("--db", db, "complaint", "add", "--satker", "kanwil", "--summary", "x")
        assert (added["number"], added["id"]) == ("PGD-2025-00019", 19)
    news_id = cli("--db", empty_db, "news", "add", "-s", "kanwil", "-t", "T", "--media", "radio")
    assert int(news_id.stdout) == count(source, "news") + 1

    back = tmp_path / "kembali.db"
    cli("copy-db", "--from", empty_db, "--to", back)
    assert _data(back) == _data(empty_db)
    # The evidence file's bytes and hash, there and back.
    for n, db in enumerate((empty_db, back)):
        out = tmp_path / f"bukti-{n}.bin"
        cli("--db", db, "complaint", "file-get", "PGD-2025-00018", "bukti.bin", "--out", out)
        assert out.read_bytes() == EVIDENCE
        [stored] = cli.json("--db", db, "complaint", "files", "PGD-2025-00018")
        assert stored["sha256"] == hashlib.sha256(EVIDENCE).hexdigest()


def test_the_table_on_stdout_and_progress_per_batch(source, empty_db):
    calls: list[tuple[str, int, int]] = []
    started: list[dict[str, int]] = []
    result = copy_database(
        str(source),
        str(empty_db),
        batch_rows=7,
        progress=lambda *call: calls.append(call),
        on_start=started.append,
    )
    assert started == [result.counts]
    for name, total in result.counts.items():
        mine = [done for table, done, _ in calls if table == name]
        assert mine[0] == 0 and mine[-1] == total
        assert mine == sorted(mine) and len(mine) == 1 + -(-total // 7)
    assert result.rows == sum(result.counts.values())


def test_a_target_holding_data_is_refused_untouched(cli, source, initialized):
    before = dump(initialized)
    result = cli("copy-db", "--from", source, "--to", initialized, code=1)
    assert result.stderr.startswith("Error: ")
    assert "already holds data (" in result.stderr and " 19 satker" in result.stderr
    assert "copy-db fills only an empty database" in result.stderr
    assert dump(initialized) == before


def test_the_same_database_on_both_sides_is_refused(cli, source):
    result = cli(
        "copy-db", "--from", source, "--to", Path(str(source)) / ".." / source.name, code=1
    )
    assert result.stderr == f"Error: --from and --to both name {source}; give another target\n"


def test_a_missing_source_is_refused_and_creates_nothing(cli, tmp_path, empty_db):
    missing = tmp_path / "tidak-ada.db"
    result = cli("copy-db", "--from", missing, "--to", empty_db, code=3)
    assert result.stderr == f"Error: no database at {missing}; run `adurabi init`\n"
    assert table_names(empty_db) == []
    assert not missing.exists()


def test_a_copy_that_fails_half_way_leaves_the_target_empty(cli, source, empty_db, monkeypatch):
    real = transfer.write_batch

    def failing(conn, table, rows):
        if table.name == "complaint":
            raise OSError(28, "No space left on device")
        real(conn, table, rows)

    monkeypatch.setattr(transfer, "write_batch", failing)
    result = cli("copy-db", "--from", source, "--to", empty_db, code=3)
    assert result.stderr.startswith("Error: ")
    if ENGINE == "sqlite":
        assert not Path(empty_db).exists()  # the file it made is gone again
    else:
        assert all(count(empty_db, name) == 0 for name in COPIED)  # the schema, empty
    monkeypatch.setattr(transfer, "write_batch", real)
    cli("copy-db", "--from", source, "--to", empty_db)  # and the copy can simply be rerun
    assert _data(empty_db) == _data(source)


def test_counts_that_do_not_match_roll_the_copy_back(cli, source, empty_db, monkeypatch):
    real = transfer.write_batch

    def losing(conn, table, rows):
        real(conn, table, rows[:-1] if table.name == "news" else rows)

    monkeypatch.setattr(transfer, "write_batch", losing)
    result = cli("copy-db", "--from", source, "--to", empty_db, code=3)
    wanted = count(source, "news")
    assert f"the copy's counts do not match (news: {wanted - 1} of {wanted})" in result.stderr
    assert "nothing was written" in result.stderr
    assert table_names(empty_db) == [] if ENGINE == "sqlite" else count(empty_db, "satker") == 0


@pytest.mark.parametrize("size", ["0", "-5", "99999999999999999999999"])
def test_a_batch_size_out_of_range_is_refused(cli, source, empty_db, size):
    result = cli("copy-db", "--from", source, "--to", empty_db, "--batch", size, code=1)
    assert result.stderr == f"Error: --batch must be from 1 to 1000000, got {size}\n"
