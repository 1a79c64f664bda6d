"""Every test gets its own database under tmp_path; nothing touches the user's real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adurabi_cli.cli.app import app

TODAY = "2025-04-30"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Point the database at tmp_path and pin the clock and operator."""
    monkeypatch.setenv("ADURABI_DB", str(tmp_path / "adurabi.db"))
    monkeypatch.setenv("ADURABI_OPERATOR", "tester")
    monkeypatch.setenv("ADURABI_TODAY", TODAY)
    monkeypatch.setenv("ADURABI_LOCK_TIMEOUT", "5")
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
def db_path(tmp_path) -> Path:
    return tmp_path / "adurabi.db"


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory) -> Path:
    """One initialised database per test session, copied for each test that needs one."""
    path = tmp_path_factory.mktemp("template") / "adurabi.db"
    from adurabi_cli.services.setup import init_database

    init_database(str(path))
    return path


@pytest.fixture
def initialized(_template_db, db_path) -> Path:
    shutil.copyfile(_template_db, db_path)
    return db_path


class Cli:
    """Run `adurabi ...` in-process and check the exit code."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | None = None):
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
def cli() -> Cli:
    return Cli()


def run_adurabi(*args: str, env: dict | None = None, timeout: float = 60, **kwargs):
    """The installed program in a real subprocess (startup, exit codes, concurrency)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "adurabi_cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        **kwargs,
    )
