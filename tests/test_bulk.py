"""db.bulk.insert_rows: the driver-level executemany both bulk paths (complaints, news) use;
bulk_cache and bulk_load around a large insert."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select

from adurabi_cli.db import bulk
from adurabi_cli.db.bulk import BULK_CACHE_KIB, among, bulk_cache, bulk_load, insert_rows
from adurabi_cli.db.complaints import INSERT_COLUMNS, complaint_t
from adurabi_cli.db.history import COLUMNS, entry, history_t, record, record_created
from adurabi_cli.db.store import open_store
from adurabi_cli.domain.batch import columns_of
from adurabi_cli.errors import Duplicate

AT = datetime(2025, 4, 30, 9, 15, 7, 123456, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def store(initialized):
    opened = open_store(str(initialized))
    yield opened
    opened.close()


def complaint(number: str, **values) -> dict:
    row = {
        "number": number,
        "satker_id": 1,
        "received_on": date(2025, 4, 1),
        "channel": "whatsapp",
        "category": "pungli",
        "summary": "Petugas meminta biaya tambahan",
        "complainant_name": None,
        "complainant_contact": None,
        "anonymous": True,
        "confidential": False,
        "external_ref": None,
        "status": "diterima",
        "due_on": date(2025, 4, 29),
        "extended": False,
        "resolved_on": None,
        "resolution": None,
        "created_by": "op",
        "created_at": AT,
        "updated_at": AT,
    }
    return {**row, **values}


def raw_rows(conn, table, key, skip=()):
    """Rows as the file holds them, bypassing every SQLAlchemy type."""
    names = ", ".join(c.name for c in table.columns if c.name not in ("id", key, *skip))
    return {
        row[0]: row
        for row in conn.exec_driver_sql(f"SELECT {key}, {names} FROM {table.name}").fetchall()
    }


def test_stores_exactly_what_core_stores(store):
    fast = [
        complaint("PGD-2025-00001"),
        complaint("PGD-2025-00002", anonymous=False, complainant_name="Made", extended=True),
        complaint(
            "PGD-2025-00003",
            status="selesai",
            resolved_on=date(2025, 4, 3),
            resolution="Dikembalikan",
            confidential=True,
            external_ref="LPR-1",
        ),
    ]
    core = [
        {
            **row,
            "number": row["number"].replace("PGD-2025", "PGD-2024"),
            "external_ref": row["external_ref"] and row["external_ref"] + "b",
        }
        for row in fast
    ]
    with store.write() as conn:
        insert_rows(
            conn, complaint_t, INSERT_COLUMNS, [tuple(r[c] for c in INSERT_COLUMNS) for r in fast]
        )
        conn.execute(complaint_t.insert(), core)
    with store.read() as conn:
        stored = raw_rows(conn, complaint_t, "number", skip=("external_ref",))
        for row in fast:
            mirror = row["number"].replace("PGD-2025", "PGD-2024")
            assert stored[row["number"]][1:] == stored[mirror][1:]
        # And they read back as the values given.
        back = conn.execute(
            select(*(complaint_t.c[c] for c in INSERT_COLUMNS)).order_by(complaint_t.c.number)
        ).all()
    assert [tuple(r) for r in back[3:]] == [tuple(r[c] for c in INSERT_COLUMNS) for r in fast]


def test_a_value_every_row_shares_is_stored_as_when_bound(store):
    """A column holding one value in every row is written into the statement once when
    that value is plainly harmless (NULL, a number, a date, a word), and bound otherwise;
    the stored rows are the same either way."""
    hostile = "x'); DROP TABLE satker; --"
    fast = [
        complaint(f"PGD-2025-{i:05d}", summary=hostile, complainant_name="O'Brien", extended=True)
        for i in (1, 2, 3)
    ]
    core = [{**row, "number": row["number"].replace("PGD-2025", "PGD-2024")} for row in fast]
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        with store.write() as conn:
            rows = [tuple(r[c] for c in INSERT_COLUMNS) for r in fast]
            insert_rows(conn, complaint_t, INSERT_COLUMNS, rows)
            conn.execute(complaint_t.insert(), core)
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    if store.dialect == "sqlite":  # other engines insert through SQLAlchemy Core
        [insert] = [s for s in statements if s.startswith("INSERT") and "PGD" not in s][:1]
        assert "'diterima'" in insert and "'2025-04-01'" in insert and "NULL" in insert
        assert "DROP" not in insert and "Brien" not in insert
    with store.read() as conn:
        stored = raw_rows(conn, complaint_t, "number")
        for row in fast:
            assert stored[row["number"]][1:] == stored[row["number"].replace("2025", "2024")][1:]
        assert conn.exec_driver_sql("SELECT count(*) FROM satker").scalar() > 0
        assert stored["PGD-2025-00002"][1:] == stored["PGD-2025-00001"][1:]


def test_history_rows_and_repeated_or_missing_values(store):
    columns = COLUMNS
    rows = [
        ("news", i, AT, "op", "create", None, None, None, "n" if i % 2 else None)
        for i in range(1, 6)
    ]
    with store.write() as conn:
        insert_rows(conn, history_t, columns, rows)
        conn.execute(
            history_t.insert(),
            [dict(zip(columns, ("core", *row[1:]), strict=True)) for row in rows],
        )
    with store.read() as conn:
        raw = conn.exec_driver_sql(
            "SELECT entity, entity_id, at, operator, action, field, old_value, new_value, note "
            "FROM history ORDER BY entity, entity_id"
        ).fetchall()
        back = conn.execute(
            select(*(history_t.c[c] for c in columns))
            .where(history_t.c.entity == "news")
            .order_by(history_t.c.entity_id)
        ).all()
    core, fast = raw[:5], raw[5:]
    assert [r[1:] for r in fast] == [r[1:] for r in core]
    assert [tuple(r) for r in back] == rows


def test_nothing_to_insert_is_a_no_op(store):
    with store.write() as conn:
        insert_rows(conn, history_t, ("entity",), [])
    with store.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM history").scalar() == 0


@pytest.mark.sqlite_only
def test_bulk_cache_is_larger_inside_and_restored_after(store):
    with store.write() as conn:
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with bulk_cache(conn):
            inside = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        after = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    assert inside == -BULK_CACHE_KIB
    assert after == before != inside
    # Durability settings are untouched.
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() >= 1


@pytest.mark.sqlite_only
def test_bulk_cache_is_restored_when_the_insert_fails(store):
    with pytest.raises(RuntimeError), store.write() as conn:
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with bulk_cache(conn):
            raise RuntimeError("boom")
    with store.write() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before


def index_pages(conn, table: str = "complaint") -> dict[str, tuple[int, str | None]]:
    """Each index of table: (its root page, its definition)."""
    found = conn.exec_driver_sql(
        "SELECT name, rootpage, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
        (table,),
    )
    return {name: (root, sql) for name, root, sql in found}


def load(conn, numbers, **values):
    insert_rows(
        conn,
        complaint_t,
        INSERT_COLUMNS,
        [tuple(complaint(f"PGD-2025-{n:05d}", **values).values()) for n in numbers],
    )


@pytest.mark.sqlite_only
def test_a_load_larger_than_the_table_builds_its_indexes_afresh(store, monkeypatch):
    monkeypatch.setattr(bulk, "REBUILD_ROWS", 3)
    with store.write() as conn:
        load(conn, [1, 2])
        before = index_pages(conn)
    with store.write() as conn:
        with bulk_load(conn, complaint_t, 6):
            # The indexes are gone while the rows go in; the constraint's own stays.
            assert set(index_pages(conn)) == {"sqlite_autoindex_complaint_1"}
            load(conn, range(3, 9), external_ref=None, received_on=date(2025, 3, 1))
        after = index_pages(conn)
    # Every index is back with the same definition.
    assert {name: sql for name, (_, sql) in after.items()} == {
        name: sql for name, (_, sql) in before.items()
    }
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        plan = " ".join(
            str(row[-1])
            for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT number FROM complaint WHERE received_on < '2025-03-02'"
            )
        )
        assert "ix_complaint_received" in plan
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM complaint WHERE received_on < '2025-03-02'"
        ).scalar()
    assert found == 6


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("stored", "incoming"),
    [(0, 2), (3, 3), (4, 3)],
    ids=["fewer rows than REBUILD_ROWS", "as many as the table held", "fewer than it held"],
)
def test_a_smaller_load_keeps_the_indexes_as_they_are(store, monkeypatch, stored, incoming):
    monkeypatch.setattr(bulk, "REBUILD_ROWS", 3)
    with store.write() as conn:
        load(conn, range(1, stored + 1))
        before = index_pages(conn)
        with bulk_load(conn, complaint_t, incoming):
            assert index_pages(conn) == before
            load(conn, range(stored + 1, stored + incoming + 1))
        assert index_pages(conn) == before


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "error", [RuntimeError, Duplicate], ids=["the caller fails", "an index cannot be rebuilt"]
)
def test_a_failed_load_leaves_table_and_indexes_as_they_were(store, monkeypatch, error):
    monkeypatch.setattr(bulk, "REBUILD_ROWS", 3)
    with store.write() as conn:
        before = index_pages(conn)
    with pytest.raises(error), store.write() as conn, bulk_load(conn, complaint_t, 4):
        if error is Duplicate:
            # Without its index a repeated external reference goes in; the index refuses it.
            load(conn, range(1, 5), external_ref="LPR-1")
        else:
            load(conn, range(1, 5))
            raise RuntimeError("boom")
    with store.read() as conn:
        assert index_pages(conn) == before
        assert conn.exec_driver_sql("SELECT count(*) FROM complaint").scalar() == 0


def test_bulk_load_elsewhere_only_enlarges_the_cache(store, monkeypatch):
    """On any engine the rows go in; the indexes are rebuilt only on SQLite."""
    monkeypatch.setattr(bulk, "REBUILD_ROWS", 3)
    with store.write() as conn, bulk_load(conn, complaint_t, 4):
        load(conn, range(1, 5))
    with store.read() as conn:
        assert conn.execute(select(complaint_t.c.number)).scalars().all() == [
            f"PGD-2025-{n:05d}" for n in range(1, 5)
        ]


HISTORY_READ = "SELECT entity, entity_id, at, operator, action, field, old_value, new_value, note"


@pytest.mark.parametrize("ids", [[1, 2, 3], [1, 3]], ids=["a run of ids", "ids with a gap"])
def test_created_history_rows_are_those_record_writes(store, ids):
    rows = [complaint(f"PGD-2025-{n:05d}") for n in (1, 2, 3)]
    with store.write() as conn:
        insert_rows(conn, complaint_t, INSERT_COLUMNS, [tuple(r.values()) for r in rows])
        record_created(conn, complaint_t, "complaint", ids, "op", AT, "imported from x.csv")
        record(
            conn, [entry("mirror", i, "create", "op", AT, note="imported from x.csv") for i in ids]
        )
    with store.read() as conn:
        made = conn.exec_driver_sql(f"{HISTORY_READ} FROM history ORDER BY id").fetchall()
    fast = [r for r in made if r[0] == "complaint"]
    assert [r[1] for r in fast] == ids
    assert [r[1:] for r in fast] == [r[1:] for r in made if r[0] == "mirror"]


def test_among_covers_every_value_once(store):
    rows = [complaint(f"PGD-2025-{n:05d}", external_ref=f"LPR-{n}") for n in range(1, 1201)]
    wanted = [f"LPR-{n}" for n in range(0, 2400, 2)]  # half stored, one (LPR-0) never
    with store.write() as conn:
        insert_rows(conn, complaint_t, INSERT_COLUMNS, [tuple(r.values()) for r in rows])
    with store.read() as conn:
        found = [
            ref
            for condition in among(conn, complaint_t.c.external_ref, wanted)
            for ref in conn.execute(select(complaint_t.c.external_ref).where(condition)).scalars()
        ]
        nothing = [
            conn.execute(select(complaint_t.c.id).where(condition)).all()
            for condition in among(conn, complaint_t.c.external_ref, [])
        ]
    assert sorted(found) == sorted(f"LPR-{n}" for n in range(2, 1201, 2))
    assert nothing == []


def test_columns_of_fills_missing_names_with_none():
    rows = [{"a": 1, "b": 2}, {"a": 3}]
    assert columns_of(rows, ["a", "b"]) == {"a": [1, 3], "b": [2, None]}
    assert columns_of(rows[:1], ["b"]) == {"b": [2]}


def test_among_without_sqlite_json_uses_in_lists(store, monkeypatch):
    from adurabi_cli.db import bulk

    monkeypatch.setattr(bulk, "sqlite_has_json", lambda: False)
    wanted = [f"LPR-{n}" for n in range(1200)]
    with store.read() as conn:
        conditions = list(among(conn, complaint_t.c.external_ref, wanted))
        for condition in conditions:
            assert conn.execute(select(complaint_t.c.id).where(condition)).all() == []
    assert len(conditions) == 3  # lists of IN_CHUNK (500)
