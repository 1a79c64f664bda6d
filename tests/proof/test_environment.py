"""Values of environment variables and options at their edges: one `Error:` line naming the
variable or option (exit 1), never an internal error, never a value silently replaced.

A variable that carries a value, set but empty, is refused; an empty switch is its default
(README "Where the data lives"); `ADURABI_LOCK_TIMEOUT=0` means "do not wait".
"""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pytest

from tests.proof.helpers import adurabi_argv, assert_one_error_line, env_for, table_digests

BAD_ENVIRONMENT = [
    ("ADURABI_LOCK_TIMEOUT", "inf"),
    ("ADURABI_LOCK_TIMEOUT", "1e308"),
    ("ADURABI_LOCK_TIMEOUT", "abc"),
    ("ADURABI_LOCK_TIMEOUT", "-1"),
    ("ADURABI_LOCK_TIMEOUT", "nan"),
    ("ADURABI_LOCK_TIMEOUT", "86401"),
    ("ADURABI_TODAY", "9999-12-31"),
    ("ADURABI_TODAY", "1999-12-31"),
    ("ADURABI_TODAY", "30/04/2025"),
    ("ADURABI_TTY", "yes"),
    ("ADURABI_DEBUG", "true"),
]


@pytest.mark.parametrize(("name", "value"), BAD_ENVIRONMENT)
@pytest.mark.parametrize(
    "command", [["recap"], ["complaint", "add", "-s", "kanwil", "--summary", "Uji"]]
)
def test_a_bad_environment_value_is_named_and_changes_nothing(
    initialized, cli, monkeypatch, name, value, command
):
    before = table_digests(initialized)
    monkeypatch.setenv(name, value)
    result = cli(*command, code=1)
    assert_one_error_line(result.stderr)
    assert f"Error: {name} '{value}' " in result.stderr
    assert table_digests(initialized) == before


@pytest.mark.parametrize(
    ("name", "value"), [("ADURABI_LOCK_TIMEOUT", "inf"), ("ADURABI_TODAY", "9999-12-31")]
)
def test_a_bad_environment_value_through_the_installed_program(initialized, name, value):
    result = subprocess.run(
        adurabi_argv("recap", "--month", "current"),
        capture_output=True,
        text=True,
        env=env_for(initialized, **{name: value}),
        timeout=60,
    )
    assert result.returncode == 1
    assert_one_error_line(result.stderr)
    assert name in result.stderr


@pytest.mark.parametrize("name", ["ADURABI_TTY", "ADURABI_DEBUG"])
def test_an_empty_switch_is_its_default(initialized, cli, monkeypatch, name):
    monkeypatch.setenv(name, "")
    cli("recap", "--month", "2025-03")


@pytest.mark.parametrize(
    "name", ["ADURABI_DB", "ADURABI_OPERATOR", "ADURABI_LOCK_TIMEOUT", "ADURABI_TODAY"]
)
def test_an_empty_variable_is_refused_not_taken_for_the_default(
    initialized, cli, monkeypatch, name
):
    before = table_digests(initialized)
    monkeypatch.setenv(name, " ")
    result = cli("complaint", "add", "-s", "kanwil", "--summary", "Uji", code=1)
    assert_one_error_line(result.stderr)
    assert result.stderr.startswith(f"Error: {name} is set but empty")
    assert table_digests(initialized) == before


@pytest.mark.parametrize("option", ["--db", "--operator"])
def test_an_empty_global_option_is_refused(initialized, cli, option):
    before = table_digests(initialized)
    result = cli(option, "", "complaint", "add", "-s", "kanwil", "--summary", "Uji", code=1)
    assert_one_error_line(result.stderr)
    assert result.stderr.startswith(f"Error: {option} is empty")
    assert table_digests(initialized) == before


BAD_OPTIONS = [
    (["copy-db", "--from", "{db}", "--to", "{tmp}/copy.db", "--batch", "9" * 23], "--batch"),
    (["copy-db", "--from", "{db}", "--to", "{tmp}/copy.db", "--batch", "0"], "--batch"),
    (["monitor", "--interval", "1e308"], "--interval"),
    (["monitor", "--interval", "inf"], "--interval"),
    (["holiday", "list", "--year", "99999999999999999999999"], "--year"),
    (["complaint", "list", "--search", "x" * 60_000], "--search"),
    (["complaint", "list", "--search", "%" * 26_000], "--search"),
    (["news", "list", "--search", "_" * 30_000], "--search"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "option"), BAD_OPTIONS)
def test_an_option_out_of_range_is_refused_by_name(initialized, cli, tmp_path, args, option):
    before = table_digests(initialized)
    filled = [arg.format(db=initialized, tmp=tmp_path) for arg in args]
    result = cli(*filled, code=1)
    assert_one_error_line(result.stderr)
    assert f"Error: {option} " in result.stderr
    assert table_digests(initialized) == before
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.sqlite_only
def test_a_lock_timeout_of_0_does_not_wait(initialized):
    holder = sqlite3.connect(initialized, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        result = subprocess.run(
            adurabi_argv("complaint", "add", "-s", "kanwil", "--summary", "Tanpa menunggu"),
            capture_output=True,
            text=True,
            env=env_for(initialized, ADURABI_LOCK_TIMEOUT="0"),
            timeout=20,  # the default wait is 30 s
        )
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 3, result.stderr
    assert_one_error_line(result.stderr)
    assert "locked" in result.stderr
    assert waited < 20
