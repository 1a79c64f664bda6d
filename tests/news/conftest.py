"""Helpers for the news tests: adding items through the CLI and snapshotting the tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dbtarget import rows


def add_news(cli, satker="lapas-kerobokan", title="Bakti sosial", media="online", **options):
    """`news add` with the given options (underscores become dashes); returns the new id."""
    args = ["news", "add", "--satker", satker, "--title", title, "--media", media]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    return int(cli(*args).stdout.strip())


def snapshot(db_path: Path) -> tuple[list[tuple], list[tuple]]:
    """Every row of news and history, to show that a refused command wrote nothing."""
    news = [tuple(row.values()) for row in rows(db_path, "SELECT * FROM news ORDER BY id")]
    history = [tuple(row.values()) for row in rows(db_path, "SELECT * FROM history ORDER BY id")]
    return news, history


@pytest.fixture
def unchanged(initialized):
    """Call with a function: asserts the news and history tables are the same after it."""

    def check(action):
        before = snapshot(initialized)
        result = action()
        assert snapshot(initialized) == before
        return result

    return check
