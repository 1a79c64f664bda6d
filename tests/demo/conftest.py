"""One small demo database per session, copied for each test that only reads it."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TODAY

# Small enough for a fast test, large enough that every satker and reporting state shows.
COMPLAINTS, NEWS = 300, 200
SMALL = ("--complaints", str(COMPLAINTS), "--news", str(NEWS))
LAST_MONTH = "2025-03"
D = date.fromisoformat


def make_demo(path: Path, *, seed: int = 1, complaints: int = COMPLAINTS, news: int = NEWS):
    """Run the demo service on path with the test clock; returns its result."""
    from adurabi_cli.services.demo import run_demo

    return run_demo(
        str(path),
        complaints=complaints,
        news=news,
        seed=seed,
        out=path.parent / "adurabi-demo",
        operator="tester",
    )


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ADURABI_TODAY", TODAY)
        patch.setenv("HOME", str(base / "home"))
        patch.delenv("XDG_CACHE_HOME", raising=False)
        make_demo(base / "demo.db")
    return base / "demo.db"


@pytest.fixture
def demo_db(_demo_template, db_path) -> Path:
    """A copy of the session's demo database at the test's ADURABI_DB."""
    shutil.copyfile(_demo_template, db_path)
    for suffix in ("-wal", "-shm"):
        extra = _demo_template.with_name(_demo_template.name + suffix)
        if extra.exists():
            shutil.copyfile(extra, db_path.with_name(db_path.name + suffix))
    return db_path


def query(path: Path, sql: str, *params) -> list[dict]:
    """Rows of a query as dicts, read with plain sqlite3 (not through the code under test)."""
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


def snapshot(path: Path) -> dict[str, list[dict]]:
    """Everything a refused demo must leave as it was."""
    tables = ("complaint", "news", "nil_report", "history", "number_sequence", "setting", "satker")
    return {name: query(path, f"SELECT * FROM {name} ORDER BY 1") for name in tables}
