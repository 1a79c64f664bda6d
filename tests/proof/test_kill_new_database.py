"""`kill -9` while `init` or `demo` creates a new database: afterwards there is no file under
the database's name, or one whose schema is whole (`doctor` passes).

Each run is killed either at a random moment of its life (drawn from how long an unkilled
run takes) or the instant any file appears in its folder: the moment a database file used to
exist without its schema.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.proof.helpers import adurabi_argv, env_for

pytestmark = pytest.mark.sqlite_only
COMMANDS = {
    "init": ["init"],
    "demo": ["demo", "--complaints", "300", "--news", "100", "--out", "out"],
}
RANDOM_KILLS = 4  # per command, besides the one at the first file


def _start(folder: Path, args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        adurabi_argv(*args),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env_for(folder / "kanwil.db"),
        cwd=folder,
    )


def _kill_after(folder: Path, args: list[str], delay: float | None) -> None:
    """Run args in folder; SIGKILL after delay seconds, or (None) once a file appears."""
    process = _start(folder, args)
    deadline = time.monotonic() + 60
    try:
        if delay is None:
            while not any(p.name != "out" for p in folder.iterdir()):
                assert process.poll() is None, "it ended before any file appeared"
                assert time.monotonic() < deadline
                time.sleep(0.0005)
        else:
            time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)


def _assert_absent_or_whole(folder: Path, what: str) -> None:
    db = folder / "kanwil.db"
    if not db.exists():
        return
    doctor = subprocess.run(
        adurabi_argv("doctor"), env=env_for(db), cwd=folder, capture_output=True, text=True
    )
    assert doctor.returncode == 0, f"{what}: size {db.stat().st_size}\n{doctor.stderr}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_killed_run_leaves_no_database_or_a_whole_one(tmp_path, command):
    args = COMMANDS[command]
    first = tmp_path / "whole"
    first.mkdir()
    started = time.monotonic()
    done = _start(first, args)
    assert done.wait(timeout=120) == 0
    duration = time.monotonic() - started
    rng = random.Random()
    delays: list[float | None] = [None] + [rng.uniform(0.0, duration) for _ in range(RANDOM_KILLS)]
    for number, delay in enumerate(delays):
        folder = tmp_path / f"kill-{number}"
        folder.mkdir()
        _kill_after(folder, args, delay)
        when = "at its first file" if delay is None else f"after {delay:.3f} s"
        what = f"{command} killed {when}"
        _assert_absent_or_whole(folder, what)
    # After a kill the command runs again to the end where it left no database.
    folder = tmp_path / "kill-0"
    if not (folder / "kanwil.db").exists():
        rerun = _start(folder, args)
        assert rerun.wait(timeout=120) == 0
        _assert_absent_or_whole(folder, f"{command} run again after a kill")
        assert (folder / "kanwil.db").exists()
        assert not [p for p in os.listdir(folder) if p.endswith(".tmp")], "stale temporary kept"
