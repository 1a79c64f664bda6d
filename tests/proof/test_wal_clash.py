"""A database named after another database's -wal, -shm or -journal file is refused.

SQLite finds those files by name: a database created or written as `live.db-wal` would be
taken for live.db's log by the next program that opens live.db, which then reports the file
damaged or drops what was written. An idle reader leaves such a file empty, so nothing but
the name tells it apart from a new file. Every command that creates, opens or writes a
database refuses the name with one line, exit 3, and touches nothing.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.proof.helpers import adurabi_argv, assert_one_error_line, env_for, table_digests

pytestmark = pytest.mark.sqlite_only

COMMANDS = {
    "init": lambda side, live: ["--db", side, "init"],
    "demo": lambda side, live: ["--db", side, "demo", "--complaints", "5", "--news", "5"],
    "info": lambda side, live: ["--db", side, "info"],
    "doctor": lambda side, live: ["--db", side, "doctor"],
    "complaint add": lambda side, live: [
        "--db",
        side,
        "complaint",
        "add",
        "-s",
        "kanwil",
        "--summary",
        "Uji",
    ],
    "copy-db --to": lambda side, live: ["copy-db", "--from", live, "--to", side],
    "copy-db --from": lambda side, live: ["copy-db", "--from", side, "--to", side.parent / "n.db"],
    "backup DEST": lambda side, live: ["--db", live, "backup", side, "--force"],
}


CASES = [(command, "-wal") for command in COMMANDS] + [("init", "-shm"), ("demo", "-journal")]


@pytest.mark.parametrize(("command", "suffix"), CASES)
def test_a_sidecar_name_is_refused_and_nothing_is_touched(initialized, tmp_path, command, suffix):
    live = tmp_path / "live.db"
    initialized.rename(live)
    other = tmp_path / "other.db"  # backup's DEST: the sidecar of another database
    other.write_bytes(live.read_bytes())
    owner = other if command == "backup DEST" else live
    side = owner.with_name(owner.name + suffix)
    digests = table_digests(owner)
    side.write_bytes(b"")  # what an idle reader leaves behind
    files = sorted(p.name for p in tmp_path.iterdir())
    result = subprocess.run(
        adurabi_argv(*COMMANDS[command](side, live)),
        capture_output=True,
        text=True,
        env=env_for(live),
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert_one_error_line(result.stderr)
    assert f"{side} is the {suffix} file of the database {owner}" in result.stderr
    assert side.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    assert table_digests(owner) == digests
