"""Bulk inserts straight through the driver, values converted as SQLAlchemy Core would.

SQLAlchemy's own executemany converts every value of every row through the column types,
and on SQLite it runs a RETURNING insert row by row; for the dates and timestamps that
repeat across an import that conversion is most of the Python cost. Here each column's
bind processor (the very function Core calls) runs once per distinct value, and the
driver receives ready tuples.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, func, select


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert rows (tuples of values in the order of columns) in one executemany.

    Values are stored exactly as `conn.execute(table.insert(), dicts)` would store them.
    """
    if rows:
        insert_columns(conn, table, dict(zip(columns, zip(*rows, strict=True), strict=True)))


def insert_columns(conn: Connection, table: Table, columns: Mapping[str, Sequence[Any]]) -> None:
    """Insert rows given column by column (name -> that column's values, one per row).

    Each distinct value of a column is converted once, and the rows are zipped together in
    C: a bulk insert's Python work does not grow with its width.
    """
    names = list(columns)
    if not names or not len(columns[names[0]]):
        return
    dialect = conn.dialect
    if dialect.paramstyle != "qmark":
        # Other drivers (none used today) go through Core, which knows their placeholders.
        conn.execute(
            table.insert(),
            [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)],
        )
        return
    converted = []
    placeholders = []
    for name, values in columns.items():
        process = bind_processor(table.c[name], dialect)
        shared = _shared_literal(values, process)
        placeholders.append("?" if shared is None else shared)
        if shared is None:
            converted.append(values if process is None else _converted(values, process))
    count = len(columns[names[0]])
    rows = list(zip(*converted, strict=True)) if converted else [()] * count
    conn.exec_driver_sql(insert_sql(dialect, table.name, names, placeholders), rows)


# Values per IN (...) list where the engine takes no list as one parameter.
IN_CHUNK = 500


def among(conn: Connection, column: Any, values: Sequence[str]) -> Iterator[Any]:
    """Conditions `column IN values` that together cover values, for one query each.

    On SQLite the values travel as one JSON array read by json_each, so 100,000 keys are
    one statement (0.02 s) instead of 200 compiled IN lists (0.3 s); elsewhere (and on an
    SQLite built without its JSON functions), lists of IN_CHUNK.
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


def creation_stamps(operator: str, at: Any, count: int) -> dict[str, list[Any]]:
    """created_by, created_at and updated_at columns for count new rows."""
    return {
        "created_by": [operator] * count,
        "created_at": [at] * count,
        "updated_at": [at] * count,
    }


def bind_processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """What SQLAlchemy itself does to a value of this column before handing it to the driver."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def insert_sql(
    dialect: Any, table: str, columns: Sequence[str], values: Sequence[str] | None = None
) -> str:
    """INSERT INTO table (columns) VALUES (?, ...) for a qmark driver such as sqlite3; values
    replaces the placeholders where given."""
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    return (
        f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(values or '?' * len(columns))})"
    )


# Text safe to write into a statement between single quotes whatever its source: dates,
# timestamps and the program's own words are made of these characters.
_PLAIN_TEXT = re.compile(r"[A-Za-z0-9 :._-]*")
_INT64 = range(-(2**63), 2**63)


def _shared_literal(values: Sequence[Any], process: Callable[[Any], Any] | None) -> str | None:
    """The SQL literal of the one value every row of a column holds, when that value (as
    converted for the driver) is NULL, a whole number or plain text; else None: the column
    is bound row by row. A batch repeats its creation stamps, a new complaint's status and
    the columns it leaves empty in every row, and a value written once into the statement
    spares binding it a hundred thousand times (a tenth of the insert, measured)."""
    if len(values) < 2:
        return None
    first = values[0]
    if values[-1] != first or values.count(first) != len(values):
        return None
    if len(set(map(type, values))) != 1:  # 1 and True are equal, but not the same value
        return None
    value = first if process is None or first is None else process(first)
    if value is None:
        return "NULL"
    if isinstance(value, int) and value in _INT64:  # a bool is bound as 0 or 1
        return str(int(value))
    if type(value) is str and _PLAIN_TEXT.fullmatch(value):
        return f"'{value}'"
    return None


def _converted(values: Sequence[Any], process: Callable[[Any], Any]) -> Sequence[Any]:
    """process(value) for each value, None kept as None (as Core does)."""
    try:
        distinct = set(values)
    except TypeError:  # an unhashable value: convert one by one
        return [None if v is None else process(v) for v in values]
    distinct.discard(None)
    # dict.get gives None for None, which is never a key.
    return list(map({v: process(v) for v in distinct}.get, values))


# Page cache for a bulk write, in KiB (SQLite's negative cache_size). The default 2 MiB
# spills the pages of the table and its indexes to the journal mid-transaction; this is
# an upper bound, taken only as pages are touched, and affects no durability setting.
BULK_CACHE_KIB = 64 * 1024


@contextmanager
def bulk_cache(conn: Connection) -> Iterator[None]:
    """A larger page cache on this connection while a bulk insert runs, then the old one."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


# A bulk load of at least this many rows into a table holding fewer than it brings builds
# the table's secondary indexes once at its end instead of key by key (see bulk_load).
REBUILD_ROWS = 10_000


@contextmanager
def bulk_load(conn: Connection, table: Table, incoming: int) -> Iterator[None]:
    """Inside the caller's write transaction, an insert of `incoming` rows into table.

    The page cache is enlarged (bulk_cache). On SQLite, when the rows number at least
    REBUILD_ROWS and more than the table has ever held (its highest id), its secondary
    indexes are dropped first and created again, from their own stored definitions, once
    the rows are in: sorting every key once is cheaper than threading each new key into
    the index trees at random places (100,000 complaints, raw sqlite3: into an empty table
    0.59 s against 0.93 s, into 50,000 stored 0.91 s against 1.09 s, into 100,000 about even).
    DDL is part of the transaction: readers keep seeing the indexes of their snapshot, and
    if the body fails, the caller's rollback brings the indexes back with the table as it
    was. A unique index that can no longer be built (rows that would repeat a key) raises
    IntegrityError, as the insert itself would have.
    """
    with bulk_cache(conn):
        indexes = _indexes_to_rebuild(conn, table, incoming)
        for name, _ in indexes:
            conn.exec_driver_sql(f"DROP INDEX {conn.dialect.identifier_preparer.quote(name)}")
        yield
        for _, definition in indexes:
            conn.exec_driver_sql(definition)


def _indexes_to_rebuild(conn: Connection, table: Table, incoming: int) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's own indexes, when a load of incoming
    rows should build them afresh; else none. An index SQLite makes for a UNIQUE or
    PRIMARY KEY constraint has no statement and stays."""
    if conn.dialect.name != "sqlite" or incoming < REBUILD_ROWS:
        return []
    held = conn.execute(select(func.max(table.c.id))).scalar() or 0
    if held >= incoming:
        return []
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name",
        (table.name,),
    )
    return [(name, definition) for name, definition in found]
