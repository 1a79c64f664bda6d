"""Engine choice from the URL, on any engine: URLs, messages without passwords, imports."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy.schema import CreateIndex

from adurabi_cli.db import engine
from adurabi_cli.db.engine import libpq_url, partial_indexes_for, safe_url, to_url
from adurabi_cli.db.models import Complaint, News, NilReport
from adurabi_cli.db.store import open_store
from adurabi_cli.errors import StorageError
from tests.conftest import run_adurabi

SECRET = "Rahasia-42"


@pytest.mark.parametrize(
    "given, url",
    [
        ("postgresql://humas@db/adurabi", "postgresql+psycopg://humas@db/adurabi"),
        ("postgres://humas@db:5433/adurabi", "postgresql+psycopg://humas@db:5433/adurabi"),
        ("postgresql+psycopg://humas@db/adurabi", "postgresql+psycopg://humas@db/adurabi"),
        ("sqlite:////srv/a.db", "sqlite:////srv/a.db"),
        ("/srv/humas/adurabi.db", "sqlite:////srv/humas/adurabi.db"),
    ],
)
def test_urls_name_their_engine(given, url):
    assert to_url(given) == url


def test_messages_show_urls_without_the_password():
    url = f"postgresql+psycopg://humas:{SECRET}@db.kanwil/adurabi?sslmode=require"
    assert safe_url(url) == "postgresql+psycopg://humas:***@db.kanwil/adurabi?sslmode=require"
    assert libpq_url(url) == "postgresql://humas@db.kanwil/adurabi?sslmode=require"
    assert safe_url("/srv/humas/adurabi.db") == "/srv/humas/adurabi.db"
    assert SECRET not in safe_url(f"postgresql://humas:{SECRET}@[bad")


def test_an_unreachable_server_exits_3_without_the_password(cli):
    url = f"postgresql://humas:{SECRET}@127.0.0.1:1/adurabi"
    results = [cli("--db", url, *args, code=3) for args in (("info",), ("doctor",))]
    results.append(run_adurabi("--db", url, "satker", "list"))  # a real process: no traceback
    assert results[-1].returncode == 3
    for result in results:
        error = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert error == [error[0]] and "cannot connect to the database at" in error[0]
        assert "humas:***@127.0.0.1:1/adurabi" in error[0]
        assert SECRET not in result.stderr + result.stdout
        assert "Traceback" not in result.stderr


def test_without_psycopg_the_error_says_what_to_install(monkeypatch):
    real = engine.importlib.util.find_spec
    monkeypatch.setattr(
        engine.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "psycopg" else real(name, *a),
    )
    with pytest.raises(StorageError) as caught:
        open_store(f"postgresql://humas:{SECRET}@db/adurabi")
    assert caught.value.message == (
        "PostgreSQL needs the psycopg driver; install it with pip install 'adurabi[postgres]'"
    )


def test_an_unknown_driver_is_named_without_the_password(cli):
    result = cli("--db", f"postgresql+nodriver://humas:{SECRET}@db/x", "info", code=3)
    assert result.stderr.startswith("Error: cannot use the database URL ")
    assert SECRET not in result.stderr


@pytest.mark.sqlite_only
def test_sqlite_users_never_load_the_postgresql_dialect(initialized):
    """Naming PostgreSQL options in the models would cost every command ~25 ms of imports."""
    script = (
        "import sys\n"
        "from adurabi_cli.cli.app import app\n"
        "try:\n"
        "    app(['complaint', 'add', '-s', 'kanwil', '--summary', 'x'], prog_name='adurabi')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print([m for m in sys.modules if m.startswith('sqlalchemy.dialects.postgresql')])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_partial_indexes_get_their_condition_on_postgresql():
    from sqlalchemy.dialects import postgresql

    partial_indexes_for("postgresql")
    partial_indexes_for("postgresql")  # once is enough; twice changes nothing
    indexes = {
        index.name: index
        for table in (Complaint.__table__, News.__table__, NilReport.__table__)
        for index in table.indexes
    }
    ddl = {
        name: str(CreateIndex(indexes[name]).compile(dialect=postgresql.dialect()))
        for name in ("ux_complaint_external_key", "ux_news_url_key", "ux_nil_report_active")
    }
    assert ddl["ux_complaint_external_key"].endswith(
        "(external_key) WHERE external_key IS NOT NULL AND deleted_at IS NULL"
    )
    assert ddl["ux_news_url_key"].endswith(
        "(url_key) WHERE url_key IS NOT NULL AND deleted_at IS NULL"
    )
    assert ddl["ux_nil_report_active"].endswith("(satker_id, month) WHERE withdrawn_at IS NULL")


def test_a_read_is_one_snapshot_while_another_program_writes(initialized, cli):
    """Every query of one read (a recap's several) sees the same moment, on every engine."""
    store = open_store(str(initialized))
    try:
        with store.read() as conn:
            from adurabi_cli.db.reference import table_counts

            before = table_counts(conn)["complaints"]
            writer = threading.Thread(
                target=cli, args=("complaint", "add", "-s", "kanwil", "--summary", "baru")
            )
            writer.start()
            writer.join(timeout=30)
            assert table_counts(conn)["complaints"] == before
        with store.read() as conn:
            assert table_counts(conn)["complaints"] == before + 1
    finally:
        store.close()
