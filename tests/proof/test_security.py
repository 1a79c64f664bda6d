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
    """A LIKE pattern's text under either escape character the code uses (\\ or /), or an
    FTS5 phrase's ("...", a quote inside doubled)."""
    texts = {re.sub(rf"{re.escape(escape)}(.)", r"\1", pattern) for escape in ("\\", "/")}
    return texts | {pattern.removeprefix('"').removesuffix('"').replace('""', '"')}


@pytest.mark.parametrize("term", INJECTIONS)
@pytest.mark.parametrize("kind", ["complaint", "news"])
def test_search_terms_are_bound_parameters_matched_literally(stocked, cli, statements, kind, term):
    before = table_digests(stocked)
    rows = cli.json(kind, "list", "--search", term, "--limit", "0")
    searched = [(sql, params) for sql, params in statements if re.search(r"LIKE|MATCH", sql)]
    assert searched, "the search ran no LIKE or MATCH query"
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


# --- secrets in database URLs -------------------------------------------------------------

SECRET = "s3cr3t-pw"
# Nothing listens on port 1 of the loopback: each connection is refused at once.
URL_FORMS = [
    f"postgresql://humas:{SECRET}@127.0.0.1:1/adurabi",
    f"postgresql://humas@127.0.0.1:1/adurabi?password={SECRET}",
    f"postgres://humas@127.0.0.1:1/adurabi?password={SECRET}",
    f"postgresql+psycopg://humas@127.0.0.1:1/adurabi?password={SECRET}",
    f"postgresql+psycopg2://humas@127.0.0.1:1/adurabi?password={SECRET}",  # not installed
    f"postgresql://humas@127.0.0.1:1/adurabi?sslpassword={SECRET}&sslmode=require",
    f"postgresql://humas@127.0.0.1:1/adurabi?passfile=/home/{SECRET}/.pgpass",
    f"postgresql://humas@127.0.0.1:1/adurabi?sslmode=disable&password={SECRET}&application_name=x",
    f"postgresql://humas@127.0.0.1:1/adurabi?PASSWORD={SECRET}",
    f"postgresql://humas@127.0.0.1:1/adurabi?pass%77ord={SECRET}",  # percent-encoded name
    f"postgresql://humas:{SECRET}%40x%2F@127.0.0.1:1/adurabi",  # percent-encoded password
    f"postgresql://humas@127.0.0.1:1/adurabi?password={SECRET}&password={SECRET}2",
    f"postgresql://humas@/adurabi?host=127.0.0.1&port=1&password={SECRET}",
    f"postgresql://humas:{SECRET}@127.0.0.1:1,127.0.0.2:1/adurabi",  # several hosts
    f"postgresql://humas:{SECRET}@[::1/adurabi",  # malformed
    f"mysql://humas@db.example/adurabi?password={SECRET}",  # no driver installed
]


def _assert_no_secret(text: str) -> None:
    assert SECRET not in text and "s3cr3t" not in text, text


@pytest.mark.parametrize("url", URL_FORMS)
def test_every_url_form_is_shown_without_its_secrets(url):
    from adurabi_cli.db.engine import libpq_url, safe_url

    shown = safe_url(url)
    _assert_no_secret(shown)
    assert shown.startswith(url.split("://")[0] + "://")
    if "?" in shown:  # the harmless parameters stay, the secret ones say they are there
        assert "=***" in shown
        assert "sslmode" in shown or "sslmode" not in url
    if url.startswith("postgres") and "[" not in url and "," not in url:
        _assert_no_secret(libpq_url(url))


@pytest.mark.parametrize("url", URL_FORMS)
@pytest.mark.parametrize("how", ["--db", "ADURABI_DB"])
def test_no_url_form_prints_its_secret(cli, monkeypatch, url, how):
    if how == "ADURABI_DB":
        monkeypatch.setenv("ADURABI_DB", url)
        args: tuple[str, ...] = ()
    else:
        args = ("--db", url)
    for command in (("info",), ("doctor", "--json")):
        result = cli(*args, *command, code=3)
        _assert_no_secret(result.stdout + result.stderr)
        assert_one_error_line(result.stderr)


# Every command that shows where the database is, with a password given as a parameter.
COMMANDS_SHOWING_THE_URL = [
    ["info"],
    ["init"],
    ["recap"],
    ["doctor"],
    ["complaint", "add", "-s", "kanwil", "--summary", "Uji"],
    ["complaint", "list"],
    ["backup", "{tmp}/copy.db"],
    ["export", "--out", "{tmp}/rekap"],
    ["monitor", "--once"],
    ["copy-db", "--from", "{url}", "--to", "{tmp}/copy.db"],
    ["copy-db", "--from", "{sqlite}", "--to", "{url}"],
]


@pytest.mark.parametrize("command", COMMANDS_SHOWING_THE_URL, ids=" ".join)
def test_a_password_parameter_is_never_printed(cli, initialized, tmp_path, command):
    url = URL_FORMS[1]
    sqlite = tmp_path / "source.db"
    args = [part.format(tmp=tmp_path, url=url, sqlite=sqlite) for part in command]
    if command[0] == "copy-db":
        cli("--db", sqlite, "init")
        result = cli(*args, code=3)
    else:
        result = cli("--db", url, *args, code=3)
    _assert_no_secret(result.stdout + result.stderr)
    assert_one_error_line(result.stderr)
    assert "password=***" in result.stderr
