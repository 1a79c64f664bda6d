"""Bulk inserts straight through the driver, values converted as SQLAlchemy Core would.

SQLAlchemy's own executemany converts every value of every row through the column types,
and on SQLite it runs a RETURNING insert row by row; for the dates and timestamps that
repeat across an import that conversion is most of the Python cost. Here each column's
bind processor (the very function Core calls) runs once per distinct value, and the
driver receives ready tuples.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert rows (tuples of values in the order of columns) in one executemany.

    Values are stored exactly as `conn.execute(table.insert(), dicts)` would store them.
    """
    if not rows:
        return
    dialect = conn.dialect
    if dialect.paramstyle != "qmark":
        # Other drivers (none used today) go through Core, which knows their placeholders.
        conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    processors = [bind_processor(table.c[name], dialect) for name in columns]
    if any(process is not None for process in processors):
        # Column by column, then zip back: the per-value work stays in C except for the
        # conversions themselves.
        by_column: list[Any] = []
        for values, process in zip(zip(*rows, strict=True), processors, strict=True):
            if process is None:
                by_column.append(values)
            else:
                convert = _memoised(process)
                by_column.append([None if v is None else convert(v) for v in values])
        rows = list(zip(*by_column, strict=True))
    conn.exec_driver_sql(insert_sql(dialect, table.name, columns), rows)


def bind_processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """What SQLAlchemy itself does to a value of this column before handing it to the driver."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def insert_sql(dialect: Any, table: str, columns: Sequence[str]) -> str:
    """INSERT INTO table (columns) VALUES (?, ...) for a qmark driver such as sqlite3."""
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    return f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join('?' * len(columns))})"


def _memoised(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    cache: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = process(value)
            return result
        except TypeError:  # unhashable
            return process(value)

    return convert
