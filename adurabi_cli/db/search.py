"""`complaint list --search`: text anywhere in a complaint's summary, complainant, number or
external ref, found through an index instead of reading every complaint.

The meaning is LIKE's (the text as typed, anywhere, % and _ themselves, case ignored); only
the way there changes. SQLite keeps a trigram FTS5 table, `complaint_text`, in step with the
complaint table by triggers, and a text of three characters or more is looked up in it as a
phrase (consecutive trigrams: the text as a substring). PostgreSQL keeps a pg_trgm GIN index on
the same columns, which its planner uses for the same ILIKE. A shorter text has no trigram to
look up: both engines then read the table, as LIKE always did.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, literal_column, or_, select, table, text

from adurabi_cli.domain.complaints import LIKE_ESCAPE, like_pattern

TEXT_COLUMNS = ("summary", "complainant_name", "number", "external_ref")
SQLITE_TABLE = "complaint_text"
# Trigrams: a text shorter than this has none to look up.
SHORTEST = 3

_cols = ", ".join(TEXT_COLUMNS)
_new = ", ".join(f"new.{name}" for name in TEXT_COLUMNS)
_old = ", ".join(f"old.{name}" for name in TEXT_COLUMNS)
_forget = (
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, {_cols}) VALUES ('delete', old.id, {_old});"
)
_learn = f"INSERT INTO {SQLITE_TABLE}(rowid, {_cols}) VALUES (new.id, {_new});"
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5({_cols}, content='complaint', "
    "content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {SQLITE_TABLE}_insert AFTER INSERT ON complaint BEGIN {_learn} END",
    f"CREATE TRIGGER {SQLITE_TABLE}_delete AFTER DELETE ON complaint BEGIN {_forget} END",
    f"CREATE TRIGGER {SQLITE_TABLE}_update AFTER UPDATE OF {_cols} ON complaint "
    f"BEGIN {_forget} {_learn} END",
    f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')",
)
POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_complaint_text ON complaint USING gin ("
    + ", ".join(f"{name} gin_trgm_ops" for name in TEXT_COLUMNS)
    + ")",
)


def create_text_index(conn: Connection) -> None:
    """Make the search index of complaints (and fill it from the rows already stored)."""
    for statement in SQLITE_DDL if conn.dialect.name == "sqlite" else POSTGRESQL_DDL:
        conn.exec_driver_sql(statement)


def text_matches(conn: Connection, complaint: Any, words: str, *, listed: bool = False) -> Any:
    """The condition: words (as typed) occur in one of the complaint's text columns.

    listed: for a list in its own order, cut at a limit, rather than a count.
    """
    if conn.dialect.name == "sqlite" and len(words) >= SHORTEST:
        phrase = '"' + words.replace('"', '""') + '"'
        found = (
            select(literal_column("rowid"))
            .select_from(table(SQLITE_TABLE))
            .where(text(f"{SQLITE_TABLE} MATCH :phrase").bindparams(bindparam("phrase", phrase)))
        )
        # A list: `id + 0`, not `id`, so SQLite keeps to the list's own order (newest first)
        # and looks each id up in the matches until the limit, instead of fetching every
        # match and sorting them all. A count fetches the matches by id.
        return (complaint.c.id + 0 if listed else complaint.c.id).in_(found)
    pattern = like_pattern(words)
    # SQLite's LIKE already ignores ASCII case; PostgreSQL is asked to (ILIKE, which its
    # trigram index serves).
    sqlite = conn.dialect.name == "sqlite"
    return or_(
        *(
            (column.like if sqlite else column.ilike)(pattern, escape=LIKE_ESCAPE)
            for column in (complaint.c[name] for name in TEXT_COLUMNS)
        )
    )
