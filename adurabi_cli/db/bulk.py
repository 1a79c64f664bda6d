"""Helpers for statements over many rows: inserts and IN lists.

Rows go in through SQLAlchemy Core (`conn.execute(table.insert(), rows)`, one executemany):
every value bound as a parameter and converted by its column's type, and a column a row
leaves out filled with the model's default, on every engine alike.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, func, select


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (column name -> value, the same names in every row) in one executemany."""
    if rows:
        conn.execute(table.insert(), list(rows))


# Values per IN (...) list where the engine takes no list as one parameter.
IN_CHUNK = 500


def among(conn: Connection, column: Any, values: Sequence[str]) -> Iterator[Any]:
    """Conditions `column IN values` that together cover values, for one query each.

    On SQLite the values travel as one JSON array read by json_each, so a whole file's keys
    are one statement instead of hundreds of compiled IN lists; elsewhere (and on an SQLite
    built without its JSON functions), lists of IN_CHUNK.
    """
    if conn.dialect.name == "sqlite" and sqlite_has_json():
        if values:
            each = func.json_each(json.dumps(list(values))).table_valued("value")
            yield column.in_(select(each.c.value))
        return
    for chunk in chunks(values):
        yield column.in_(chunk)


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    """items, size at a time (for IN lists of bounded length)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@cache
def sqlite_has_json() -> bool:
    """Whether this process's SQLite library has json_each (built in since 3.38, an option
    before)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("SELECT value FROM json_each('[1]')").fetchall()
    except sqlite3.Error:
        return False
    finally:
        probe.close()
    return True


def insert_new(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert new rows of a table with an integer id (keys other than its columns ignored,
    a column left out gets its default); their new ids, in the order of rows.

    On SQLite the ids are given explicitly, as SQLite would pick them (max + 1, ...; no
    table has AUTOINCREMENT): the caller's write transaction holds the only write lock, so
    max(id) cannot move, and Core would otherwise run a RETURNING insert row by row there.
    Elsewhere other writers insert at the same time and the ids come back via RETURNING.
    """
    if not rows:
        return []
    names = [c.name for c in table.columns if c.name != "id" and c.name in rows[0]]
    values = [{name: row[name] for name in names} for row in rows]
    if conn.dialect.name != "sqlite":
        statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
        return list(conn.execute(statement, values).scalars())
    first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    ids = list(range(first, first + len(values)))
    for value, new_id in zip(values, ids, strict=True):
        value["id"] = new_id
    conn.execute(table.insert(), values)
    return ids
