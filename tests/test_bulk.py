"""db.bulk: inserts through SQLAlchemy Core (defaults applied) and IN lists over many keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from adurabi_cli.db.bulk import among, insert_new, insert_rows
from adurabi_cli.db.complaints import complaint_t
from adurabi_cli.db.history import entry, history_t, record, record_created
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


def test_an_omitted_column_gets_the_models_default(store):
    """Core fills a column the rows leave out with its default, on every engine."""
    rows = [complaint(f"PGD-2025-{n:05d}") for n in (1, 2)]
    for row in rows:
        for name in ("anonymous", "confidential", "extended", "resolved_on"):
            del row[name]
    with store.write() as conn:
        ids = insert_new(conn, complaint_t, rows)
        insert_rows(conn, history_t, [{k: v for k, v in entry("x", 1, "create", "op", AT).items()
                                       if k != "note"}])  # fmt: skip
    with store.read() as conn:
        stored = conn.execute(
            select(
                complaint_t.c.id,
                complaint_t.c.anonymous,
                complaint_t.c.confidential,
                complaint_t.c.extended,
                complaint_t.c.resolved_on,
            ).order_by(complaint_t.c.id)
        ).all()
        note = conn.execute(select(history_t.c.note)).scalar_one()
    assert [tuple(row) for row in stored] == [(ids[0], False, False, False, None),
                                              (ids[1], False, False, False, None)]  # fmt: skip
    assert ids[1] == ids[0] + 1
    assert note is None


def test_nothing_to_insert_is_a_no_op(store):
    with store.write() as conn:
        insert_rows(conn, history_t, [])
        assert insert_new(conn, complaint_t, []) == []


HISTORY_READ = "SELECT entity, entity_id, at, operator, action, field, old_value, new_value, note"


@pytest.mark.parametrize("ids", [[1, 2, 3], [1, 3]], ids=["a run of ids", "ids with a gap"])
def test_created_history_rows_are_those_record_writes(store, ids):
    rows = [complaint(f"PGD-2025-{n:05d}") for n in (1, 2, 3)]
    with store.write() as conn:
        insert_rows(conn, complaint_t, rows)
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
        insert_rows(conn, complaint_t, rows)
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


def test_among_without_sqlite_json_uses_in_lists(store, monkeypatch):
    from adurabi_cli.db import bulk

    monkeypatch.setattr(bulk, "sqlite_has_json", lambda: False)
    wanted = [f"LPR-{n}" for n in range(1200)]
    with store.read() as conn:
        conditions = list(among(conn, complaint_t.c.external_ref, wanted))
        for condition in conditions:
            assert conn.execute(select(complaint_t.c.id).where(condition)).all() == []
    assert len(conditions) == 3  # lists of IN_CHUNK (500)
