"""The database each test runs on: an SQLite file, or a fresh PostgreSQL database.

By default every test gets `tmp_path/adurabi.db`. With `ADURABI_TEST_DB_URL` set (a
PostgreSQL URL, see README "PostgreSQL"), each test that touches the database gets a
database of its own on that server instead, created from a template that `init` filled
once per session, and dropped afterwards. `rows()` and `dump()` read any of them the way
`sqlite3` reads a file, so a test checks stored values the same way on both engines.
"""

from __future__ import annotations

import itertools
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

TEST_DB_URL = os.environ.get("ADURABI_TEST_DB_URL", "").strip() or None
ON_POSTGRES = TEST_DB_URL is not None
ENGINE = "postgresql" if ON_POSTGRES else "sqlite"

_names = itertools.count(1)


def _url_of(name: str) -> str:
    from sqlalchemy.engine import make_url

    from adurabi_cli.db.engine import to_url

    return make_url(to_url(TEST_DB_URL or "")).set(database=name).render_as_string(False)


class Server:
    """Creates and drops the tests' databases on the PostgreSQL server of the URL."""

    def __init__(self) -> None:
        from sqlalchemy import create_engine

        from adurabi_cli.db.engine import to_url

        self.engine = create_engine(to_url(TEST_DB_URL or ""), isolation_level="AUTOCOMMIT")
        self.prefix = f"adurabi_t{os.getpid()}_"
        self.template: str | None = None

    def _run(self, sql: str) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(sql)

    def new_name(self) -> str:
        return f"{self.prefix}{next(_names)}"

    def create(self, name: str, template: str | None = None) -> str:
        # template0 is always empty: template1 may carry what the server's owner put in it.
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"')
        return _url_of(name)

    def drop(self, name: str) -> None:
        # FORCE: a test may leave an engine open (a failed assertion before its close).
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def initialised_template(self) -> str:
        """The name of a database `init` filled, made on first use, cloned for each test."""
        if self.template is None:
            from adurabi_cli.services.setup import init_database

            name = f"{self.prefix}template"
            self.drop(name)
            init_database(self.create(name))  # closes its engine: a template needs no users
            self.template = name
        return self.template

    def close(self) -> None:
        if self.template is not None:
            self.drop(self.template)
        self.engine.dispose()


class TestDatabase:
    """One test's database: its target (path or URL) and, on a server, when it is made."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, tmp_path: Path, server: Server | None) -> None:
        self.server = server
        self.state: str | None = None  # None, "empty", "initialised" or "cloned"
        if server is None:
            self.name = None
            self.path: Path | None = tmp_path / "adurabi.db"
            self.target: Any = self.path
        else:
            self.name = server.new_name()
            self.path = None
            self.target = _url_of(self.name)

    def ensure_empty(self) -> None:
        """A database with nothing in it exists (on a server; an SQLite file needs `init`)."""
        if self.server is not None and self.state is None:
            self.server.create(self.name or "")
            self.state = "empty"

    def ensure_initialised(self, sqlite_template: Path | None = None) -> None:
        if self.server is None:
            assert sqlite_template is not None
            self.clone(sqlite_template)
        elif self.state != "initialised":
            self.clone(self.server.initialised_template())
        self.state = "initialised"

    def clone(self, template: Any) -> None:
        """Make the database a copy of template: an SQLite file, or a server database name."""
        if self.server is None:
            import shutil

            assert self.path is not None
            shutil.copyfile(template, self.path)
            for suffix in ("-wal", "-shm"):
                extra = Path(f"{template}{suffix}")
                if extra.exists():
                    shutil.copyfile(extra, Path(f"{self.path}{suffix}"))
        else:
            if self.state is not None:
                self.server.drop(self.name or "")
            self.server.create(self.name or "", str(template))
        self.state = "cloned"

    def close(self) -> None:
        if self.server is not None and self.state is not None:
            self.server.drop(self.name or "")


# --- reading stored rows ------------------------------------------------------------------


def _sqlite_like(value: Any) -> Any:
    """A value as Python's sqlite3 returns it from an adurabi file (SQLAlchemy's formats)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _is_file(target: Any) -> bool:
    return isinstance(target, Path) or "://" not in str(target)


def _pg_connect(target: Any, **kwargs: Any):
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(str(target)).set(drivername="postgresql")
    return psycopg.connect(url.render_as_string(False), **kwargs)


def _pg_sql(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def rows(target: Any, sql: str, *params: Any) -> list[dict[str, Any]]:
    """Rows of a query (`?` placeholders) as dicts, with values as sqlite3 gives them."""
    if _is_file(target):
        import sqlite3

        with sqlite3.connect(target) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(row) for row in conn.execute(sql, params)]
    from psycopg.rows import dict_row

    with _pg_connect(target, row_factory=dict_row) as conn:
        found = conn.execute(_pg_sql(sql), params).fetchall()
    return [{key: _sqlite_like(value) for key, value in row.items()} for row in found]


def drop_kept_index(target: Any, name: str) -> None:
    """Undo a schema step that made an index kept by the database: on SQLite the virtual
    table `name` and its insert, delete and update triggers, on PostgreSQL `ix_<name>`."""
    if ENGINE == "sqlite":
        for trigger in ("insert", "delete", "update"):
            execute(target, f"DROP TRIGGER {name}_{trigger}")
        execute(target, f"DROP TABLE {name}")
    else:
        execute(target, f"DROP INDEX ix_{name}")


def execute(target: Any, sql: str, *params: Any) -> None:
    """Run one statement (`?` placeholders) behind the program's back, and commit it."""
    if _is_file(target):
        import sqlite3

        conn = sqlite3.connect(target)
        try:
            with conn:
                conn.execute(sql, params)
        finally:
            conn.close()
        return
    with _pg_connect(target) as conn:
        conn.execute(_pg_sql(sql), params)


def scalar(target: Any, sql: str, *params: Any) -> Any:
    [row] = rows(target, sql, *params)
    [value] = row.values()
    return value


def count(target: Any, table: str) -> int:
    return scalar(target, f"SELECT count(*) FROM {table}")


def is_blank(target: Any) -> bool:
    """Nothing was made: no SQLite file, or a server database without a table."""
    if _is_file(target):
        return not Path(target).exists()
    return table_names(target) == []


def table_names(target: Any) -> list[str]:
    """The tables in the database; [] when it has none, or (SQLite) when there is no file."""
    if _is_file(target):
        if not Path(target).exists():
            return []
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    else:
        sql = (
            "SELECT table_name AS name FROM information_schema.tables "
            "WHERE table_schema = current_schema() ORDER BY table_name"
        )
    return [row["name"] for row in rows(target, sql)]


def dump(target: Any) -> str:
    """Every row of every adurabi table, in a stable order: equal when nothing changed."""
    from sqlmodel import SQLModel

    import adurabi_cli.db.models  # noqa: F401

    lines = []
    for name in sorted(SQLModel.metadata.tables):
        for row in rows(target, f"SELECT * FROM {name} ORDER BY 1"):
            lines.append(f"{name}: {sorted(row.items())}")
    return "\n".join(lines)
