"""Helpers for the complaint tests: add a complaint, read rows straight from the database."""

from __future__ import annotations

import pytest

from tests.dbtarget import rows


@pytest.fixture
def add(cli, initialized):
    """Add a complaint through the CLI; returns its tracking number."""

    def _add(*extra: str, satker: str = "lapas-kerobokan", summary: str = "Antrian kunjungan lama"):
        result = cli("complaint", "add", "--satker", satker, "--summary", summary, *extra)
        return result.stdout.strip()

    return _add


@pytest.fixture
def table(db_path):
    """Rows of a table (or of a query) as dicts, with values as sqlite3 reads them."""

    def _rows(sql: str, *params):
        if " " not in sql:
            sql = f"SELECT * FROM {sql} ORDER BY 1"
        return rows(db_path, sql, *params)

    return _rows


@pytest.fixture
def snapshot(table):
    """Everything a refused command must leave untouched."""

    def _snapshot():
        return {
            name: table(name) for name in ("complaint", "history", "nil_report", "number_sequence")
        }

    return _snapshot
