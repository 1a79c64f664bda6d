"""Every row of every adurabi table, out of one database and into another (`copy-db`).

Rows keep their ids, so every reference (satker of a complaint, entity of a history row)
stays true in the copy. Tables go parents first. Reading streams in batches; writing uses
the target's fastest bulk path: COPY on PostgreSQL, one Core executemany elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, LargeBinary, Table, func, literal, select, union_all

from adurabi_cli.db.bulk import insert_rows
from adurabi_cli.db.models import SchemaMigration

_schema_t = SchemaMigration.__table__  # type: ignore[attr-defined]


def copied_tables() -> list[Table]:
    """The tables a copy moves, parents before children; the schema record stays the target's."""
    from sqlmodel import SQLModel

    return [t for t in SQLModel.metadata.sorted_tables if t.name != _schema_t.name]


def row_counts(conn: Connection) -> dict[str, int]:
    """Rows per copied table, in one statement."""
    tables = copied_tables()
    query = union_all(
        *(
            select(literal(t.name).label("name"), func.count().label("n")).select_from(t)
            for t in tables
        )
    )
    found = {name: count for name, count in conn.execute(query)}
    return {t.name: found.get(t.name, 0) for t in tables}


# Rows of a table holding file contents (up to max_file_mb each) read at a time.
BLOB_BATCH_ROWS = 8


def read_batches(conn: Connection, table: Table, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in id order, size at a time, as tuples in the table's column order;
    a table with a binary column a few rows at a time, so memory holds a few files only."""
    if any(isinstance(column.type, LargeBinary) for column in table.columns):
        size = min(size, BLOB_BATCH_ROWS)
    query = select(*table.columns).order_by(*table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=size).execute(query)
    for part in result.partitions(size):
        yield [tuple(row) for row in part]


def write_batch(conn: Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows (tuples in the table's column order), ids included."""
    if not rows:
        return
    names = [column.name for column in table.columns]
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy_in(conn, table, names, rows)
        return
    insert_rows(conn, table, [dict(zip(names, row, strict=True)) for row in rows])


def _copy_in(conn: Connection, table: Table, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY: an order of magnitude faster than INSERTs for a whole database.

    psycopg adapts the Python values itself; those are what SQLAlchemy's column types
    returned from the source (dates, aware UTC timestamps, booleans), so they go in as the
    program would have stored them. UTC timestamps stay UTC in timestamptz columns.
    """
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def after_copy(conn: Connection) -> None:
    """Let new rows get ids after the copied ones (a server's id sequences do not see them),
    and give the planner statistics of the new rows at once rather than after autovacuum."""
    if conn.dialect.name != "postgresql":
        return  # SQLite gives max(id) + 1 by itself
    conn.exec_driver_sql("ANALYZE")
    for table in copied_tables():
        column = table.autoincrement_column
        if column is None:
            continue
        conn.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, column.name),
                    select(func.coalesce(func.max(column), 0) + 1).scalar_subquery(),
                    False,
                )
            )
        )
