"""The history table: appended to, never updated or deleted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, literal_column, select

from adurabi_cli.db.bulk import insert_rows
from adurabi_cli.db.models import History

history_t = History.__table__  # type: ignore[attr-defined]

HISTORY_FIELDS = ("at", "operator", "action", "field", "old_value", "new_value", "note")


def entry(
    entity: str,
    entity_id: int,
    action: str,
    operator: str,
    at: datetime,
    *,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    note: str | None = None,
) -> dict[str, Any]:
    """One history row; values are stored as text as the operator would read them."""
    return {
        "entity": entity,
        "entity_id": entity_id,
        "at": at,
        "operator": operator,
        "action": action,
        "field": field,
        "old_value": _text(old),
        "new_value": _text(new),
        "note": note,
    }


def record(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Append history rows (see entry) in one executemany."""
    insert_rows(conn, history_t, entries)


def record_created(
    conn: Connection,
    table: Table,
    entity: str,
    ids: Sequence[int],
    operator: str,
    at: datetime,
    note: str | None = None,
) -> None:
    """A `create` row for each of ids, new rows of table, in the order of ids.

    Ids that are a run without gaps (what a bulk insert hands out inside its write
    transaction) are all the ids in that range, so the rows are made by one INSERT ...
    SELECT in the database; 100,000 rows took 0.04 s that way on SQLite against 0.25 s
    sent one by one. Any other list goes row by row.
    """
    if not ids:
        return
    first, last = ids[0], ids[-1]
    if last - first + 1 != len(ids) or list(ids) != list(range(first, last + 1)):
        record(conn, [entry(entity, i, "create", operator, at, note=note) for i in ids])
        return
    c = history_t.c
    source = (
        select(
            bindparam("entity", entity, type_=c.entity.type),
            table.c.id,
            bindparam("at", at, type_=c.at.type),
            bindparam("operator", operator, type_=c.operator.type),
            literal_column("'create'"),
            bindparam("note", note, type_=c.note.type),
        )
        .where(table.c.id.between(first, last))
        .order_by(table.c.id)
    )
    columns = [c.entity, c.entity_id, c.at, c.operator, c.action, c.note]
    conn.execute(history_t.insert().from_select(columns, source))


def history_of(conn: Connection, entity: str, entity_id: int) -> list[dict[str, Any]]:
    query = (
        select(*(history_t.c[f] for f in HISTORY_FIELDS))
        .where(history_t.c.entity == entity, history_t.c.entity_id == entity_id)
        .order_by(history_t.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
