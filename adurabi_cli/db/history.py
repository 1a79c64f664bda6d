"""The history table: appended to, never updated or deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

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
    if entries:
        conn.execute(history_t.insert(), entries)


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
