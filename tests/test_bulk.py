"""db.bulk.insert_rows: the driver-level executemany both bulk paths (complaints, news) use."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from adurabi_cli.db.bulk import BULK_CACHE_KIB, bulk_cache, insert_rows
from adurabi_cli.db.complaints import INSERT_COLUMNS, complaint_t
from adurabi_cli.db.history import history_t
from adurabi_cli.db.store import open_store

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


def test_history_rows_and_repeated_or_missing_values(store):
    columns = (
        "entity",
        "entity_id",
        "at",
        "operator",
        "action",
        "field",
        "old_value",
        "new_value",
        "note",
    )
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
