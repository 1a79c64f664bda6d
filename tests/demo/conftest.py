"""One small demo database per session, copied for each test that only reads it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.dbtarget import rows

# Small enough for a fast test, large enough that every satker and reporting state shows.
COMPLAINTS, NEWS = 300, 200
SMALL = ("--complaints", str(COMPLAINTS), "--news", str(NEWS))
LAST_MONTH = "2025-03"
D = date.fromisoformat


def make_demo(
    path: Path | str,
    *,
    seed: int = 1,
    complaints: int = COMPLAINTS,
    news: int = NEWS,
    out: Path | None = None,
):
    """Run the demo service on path (or URL) with the test clock; returns its result."""
    from adurabi_cli.services.demo import run_demo

    return run_demo(
        str(path),
        complaints=complaints,
        news=news,
        seed=seed,
        out=out or Path(path).parent / "adurabi-demo",
        operator="tester",
    )


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory, _pg_server):
    """The session's demo database: a file, or (PostgreSQL) the name of a server database."""
    base = tmp_path_factory.mktemp("demo")
    target: Path | str = base / "demo.db"
    name = None
    if _pg_server is not None:
        name = _pg_server.new_name()
        target = _pg_server.create(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ADURABI_TODAY", TODAY)
        patch.setenv("HOME", str(base / "home"))
        patch.delenv("XDG_CACHE_HOME", raising=False)
        make_demo(target, out=base / "adurabi-demo")
    yield name or target
    if name is not None:
        _pg_server.drop(name)


@pytest.fixture
def demo_db(_demo_template, test_database) -> Path:
    """A copy of the session's demo database at the test's ADURABI_DB."""
    test_database.clone(_demo_template)
    return test_database.target


def query(path: Path, sql: str, *params) -> list[dict]:
    """Rows of a query as dicts, read apart from the code under test (see tests/dbtarget)."""
    return rows(path, sql, *params)


def snapshot(path: Path) -> dict[str, list[dict]]:
    """Everything a refused demo must leave as it was."""
    tables = ("complaint", "news", "nil_report", "history", "number_sequence", "setting", "satker")
    return {name: query(path, f"SELECT * FROM {name} ORDER BY 1") for name in tables}
