"""Inserting many rows fast: one executemany with values converted once per distinct value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam


def executemany(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[dict[str, Any]]
) -> None:
    """Insert many rows, converting each distinct value once.

    SQLAlchemy's own executemany converts every value of every row through the column
    types; for dates and timestamps that repeat across a batch that is most of the cost of
    an import. Positional drivers (SQLite) get pre-converted tuples straight away.
    """
    if not rows:
        return
    dialect = conn.dialect
    if not dialect.positional:
        conn.execute(table.insert(), [{name: row[name] for name in columns} for row in rows])
        return
    statement = str(
        table.insert().values({name: bindparam(name) for name in columns}).compile(dialect=dialect)
    )
    # Column by column, then zip: the per-value work stays in C except for the conversions.
    values_by_column = []
    for name in columns:
        values = [row[name] for row in rows]
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            convert = _memoised(process)
            values = [None if value is None else convert(value) for value in values]
        values_by_column.append(values)
    conn.exec_driver_sql(statement, list(zip(*values_by_column, strict=True)))


def _memoised(process):
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
