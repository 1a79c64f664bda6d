"""Security: search terms travel as bound parameters; secrets stay out of messages.

(The export checks — no formula from user text, no personal data without
`--include-personal` — live in test_export_security.py.)
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.proof.helpers import assert_one_error_line, table_digests

# Each would change the statement's meaning if pasted into the SQL text.
INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE complaint; --",
    '" OR ""="',
    "%' UNION SELECT number FROM complaint --",
    "x') OR 1=1 /*",
    "\\'; DELETE FROM news; --",
    "50%_off",
]


@pytest.fixture
def statements():
    """Every SQL statement the program sends, with its parameters, while the test runs."""
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


@pytest.fixture
def stocked(initialized, cli):
    cli("complaint", "add", "-s", "kanwil", "--summary", "Antrean paspor lama")
    cli("complaint", "add", "-s", "kanwil", "--summary", "Diskon 50%_off di kantin")
    cli("complaint", "add", "-s", "kanwil", "--summary", "Petugas bilang ' OR '1'='1 lucu")
    cli("news", "add", "-s", "kanwil", "--media", "online", "-t", "Bakti sosial")
    cli("news", "add", "-s", "kanwil", "--media", "online", "-t", "Promo 50%_off")
    return initialized


def _values(params) -> list[str]:
    items = params.values() if isinstance(params, dict) else params
    return [value for value in items if isinstance(value, str)]


def _unescaped(pattern: str) -> set[str]:
    """A LIKE pattern's text under either escape character the code uses (\\ or /)."""
    return {re.sub(rf"{re.escape(escape)}(.)", r"\1", pattern) for escape in ("\\", "/")}


@pytest.mark.parametrize("term", INJECTIONS)
@pytest.mark.parametrize("kind", ["complaint", "news"])
def test_search_terms_are_bound_parameters_matched_literally(stocked, cli, statements, kind, term):
    before = table_digests(stocked)
    rows = cli.json(kind, "list", "--search", term, "--limit", "0")
    searched = [(sql, params) for sql, params in statements if "LIKE" in sql.upper()]
    assert searched, "the search ran no LIKE query"
    for sql, _ in statements:
        assert term not in sql, f"the search term is part of the SQL text: {sql}"
    bound = [value for _, params in searched for value in _values(params)]
    assert any(term in text for value in bound for text in _unescaped(value)), bound
    field = "summary" if kind == "complaint" else "title"
    texts = [row[field] for row in rows]
    assert all(term.lower() in text.lower() for text in texts), texts
    expected = {"' OR '1'='1": 1 if kind == "complaint" else 0, "50%_off": 1}.get(term, 0)
    assert len(rows) == expected
    assert table_digests(stocked) == before


def test_wildcards_alone_match_only_themselves(stocked, cli):
    assert cli.json("complaint", "list", "--search", "%") == [
        row for row in cli.json("complaint", "list") if "%" in row["summary"]
    ]
    assert [r["title"] for r in cli.json("news", "list", "--search", "_")] == ["Promo 50%_off"]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://humas:s3cr3t-pw@127.0.0.1:1/adurabi",  # nothing listens on port 1
        "mysql://humas:s3cr3t-pw@db.example/adurabi",  # no driver installed
        "postgresql://humas:s3cr3t-pw@[::1/adurabi",  # malformed
        "postgresql://humas:s3cr3t-pw@db:port/adurabi",  # malformed port
    ],
)
def test_a_database_password_never_appears_in_messages(cli, url):
    result = cli("--db", url, "complaint", "list", code=3)
    assert_one_error_line(result.stderr)
    assert "s3cr3t-pw" not in result.stderr + result.stdout
