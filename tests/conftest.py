"""Every test gets its own database; nothing touches the user's real files.

The database is `tmp_path/adurabi.db`, or with `ADURABI_TEST_DB_URL` set a fresh database
on that PostgreSQL server (see tests/dbtarget.py). Tests of the SQLite file itself
(corruption, journal, filesystem, permissions, backup) are marked `sqlite_only`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adurabi_cli import i18n
from adurabi_cli.cli.app import app
from tests.dbtarget import ON_POSTGRES, Server, TestDatabase

TODAY = "2025-04-30"
ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a test of the SQLite file itself; skipped on PostgreSQL"
    )


# A test that asks for one of these (directly or through another fixture) uses the database.
DATABASE_FIXTURES = frozenset({"cli", "db_path", "initialized", "empty_db", "new_initialized_db"})


def pytest_collection_modifyitems(config, items) -> None:
    """On PostgreSQL run the database tests only: the others ran on SQLite already."""
    if not ON_POSTGRES:
        return
    sqlite_only = pytest.mark.skip(reason="tests the SQLite file itself")
    no_database = pytest.mark.skip(reason="touches no database; runs in the SQLite pass")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(sqlite_only)
        elif DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())):
            item.add_marker(no_database)


@pytest.fixture(scope="session")
def _pg_server():
    if not ON_POSTGRES:
        yield None
        return
    server = Server()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def test_database(tmp_path, _pg_server) -> TestDatabase:
    """This test's database; on PostgreSQL it is created by the fixtures that need it."""
    database = TestDatabase(tmp_path, _pg_server)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch, test_database):
    """Point the database at this test's own and pin the clock and operator."""
    monkeypatch.setenv("ADURABI_DB", str(test_database.target))
    monkeypatch.setenv("ADURABI_OPERATOR", "tester")
    monkeypatch.setenv("ADURABI_TODAY", TODAY)
    monkeypatch.setenv("ADURABI_LOCK_TIMEOUT", "5")
    # The suite asserts the English messages; tests of the Indonesian ones ask for them.
    monkeypatch.setenv("ADURABI_LANG", "en")
    monkeypatch.setenv("LANGUAGE", "en")
    # ...also for code called directly, after a command that spoke Indonesian.
    i18n.activate("en")
    for name in ("ADURABI_TTY", "ADURABI_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # Commands that write beside the working folder (demo, export) write under tmp_path.
    monkeypatch.chdir(tmp_path)
    # ...so `python -m adurabi_cli` in a subprocess must be told where this checkout is, or
    # it runs whatever copy is installed.
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    return tmp_path


@pytest.fixture
def db_path(test_database) -> Path:
    """The test's database: a Path on SQLite, the URL (a str) on PostgreSQL."""
    return test_database.target


@pytest.fixture
def empty_db(test_database):
    """The test's database, existing and empty (on SQLite: no file yet, `init` makes it)."""
    test_database.ensure_empty()
    return test_database.target


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory) -> Path | None:
    """One initialised SQLite file per test session, copied for each test that needs one."""
    if ON_POSTGRES:
        return None  # the server clones its own template database
    path = tmp_path_factory.mktemp("template") / "adurabi.db"
    from adurabi_cli.services.setup import init_database

    init_database(str(path))
    return path


@pytest.fixture(scope="session")
def new_initialized_db(_template_db, _pg_server, tmp_path_factory):
    """Makes one more initialised database (for module-scoped fixtures): returns its target."""
    made: list[str] = []

    def make():
        if _pg_server is None:
            path = tmp_path_factory.mktemp("db") / "adurabi.db"
            shutil.copyfile(_template_db, path)
            return path
        name = _pg_server.new_name()
        made.append(name)
        return _pg_server.create(name, _pg_server.initialised_template())

    yield make
    for name in made:
        _pg_server.drop(name)


@pytest.fixture
def initialized(_template_db, test_database):
    """A fresh initialised database; the same target as `db_path`."""
    test_database.ensure_initialised(_template_db)
    return test_database.target


class Cli:
    """Run `adurabi ...` in-process and check the exit code."""

    def __init__(self, database: TestDatabase | None = None) -> None:
        self.runner = CliRunner()
        self.database = database

    def __call__(self, *args: str, code: int = 0, input: str | None = None):
        if self.database is not None:
            self.database.ensure_empty()  # on a server, `init` needs the database to exist
        result = self.runner.invoke(app, [str(a) for a in args], input=input)
        if result.exit_code != code:
            raise AssertionError(
                f"adurabi {' '.join(map(str, args))} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n"
                f"exception: {result.exception!r}"
            )
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def cli(test_database) -> Cli:
    return Cli(test_database)


@pytest.fixture
def store(initialized):
    """The initialised test database, opened as the services open it."""
    from adurabi_cli.db.store import open_store

    opened = open_store(str(initialized))
    yield opened
    opened.close()


@pytest.fixture
def ref(store):
    """The reference data (satker, vocabulary, calendar) of the initialised test database."""
    from adurabi_cli.services.refdata import load_refdata

    with store.read() as conn:
        return load_refdata(conn)


def run_adurabi(*args: str, env: dict | None = None, timeout: float = 60, **kwargs):
    """The installed program in a real subprocess (startup, exit codes, concurrency)."""
    full_env = {**os.environ, **(env or {})}
    kwargs.setdefault("text", True)
    return subprocess.run(
        [sys.executable, "-m", "adurabi_cli", *map(str, args)],
        capture_output=True,
        env=full_env,
        timeout=timeout,
        **kwargs,
    )
