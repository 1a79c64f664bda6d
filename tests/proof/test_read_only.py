"""Commands that only read open the database without changing it, and work where it cannot
be written: a file without write permission in a folder without it, a read-only mount.

Permissions are real: as root (CI) the command runs through `setpriv` without the
capabilities that let root ignore file modes; a read-only mount is a bind mount in a private
mount namespace (`unshare`), where the system allows one.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.proof.helpers import adurabi_argv, assert_one_error_line, env_for

pytestmark = pytest.mark.sqlite_only
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
READING = [
    ["info"],
    ["complaint", "list"],
    ["complaint", "show", "PGD-2025-00001"],
    ["complaint", "history", "PGD-2025-00001"],
    ["news", "list"],
    ["satker", "list"],
    ["recap", "--month", "2025-03"],
    ["monitor", "--once"],
    ["doctor"],
]
# Without these capabilities root is held to file modes like anyone else.
UNPRIVILEGED = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


def _as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file modes would not hold")
    return UNPRIVILEGED


def _run(db: Path, *args: str, prefix: list[str] | None = None, cwd: Path | None = None):
    return subprocess.run(
        [*(prefix or []), *adurabi_argv(*args)],
        env=env_for(db, ADURABI_TODAY="2025-03-20"),
        cwd=cwd or db.parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _journal(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """A live database (WAL, closed cleanly) with a complaint and a news item, and its
    backup (rollback journal), made once."""
    folder = tmp_path_factory.mktemp("read-only-sources")
    live = folder / "live.db"
    news = "news add -s kanwil -t Kunjungan --media online --url https://x.id/a --date 2025-03-04"
    for args in (
        ["init"],
        ["complaint", "add", "-s", "kanwil", "--summary", "Antrean", "--received", "2025-03-03"],
        news.split(),
        ["backup", str(folder / "backup.db")],
    ):
        done = _run(live, *args, cwd=folder)
        assert done.returncode == 0, done.stderr
    assert _journal(live) == "wal" and _journal(folder / "backup.db") == "delete"
    return {"live": live, "backup": folder / "backup.db"}


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("kind", ["live", "backup"])
def test_reading_a_read_only_file_in_a_read_only_folder_changes_nothing(
    sources, read_only_folder, kind
):
    db = read_only_folder / "adurabi.db"
    shutil.copyfile(sources[kind], db)
    db.chmod(0o444)
    read_only_folder.chmod(0o555)
    before, names = _digest(db), sorted(os.listdir(read_only_folder))
    prefix = _as_user()
    for args in READING:
        done = _run(db, *args, prefix=prefix)
        assert done.returncode == 0, f"{args}: {done.stderr}"
    listed = _run(db, "complaint", "list", prefix=prefix).stdout
    assert "PGD-2025-00001" in listed and "Antrean" in listed
    written = _run(db, "complaint", "add", "-s", "kanwil", "--summary", "Baru", prefix=prefix)
    assert written.returncode == 3
    assert_one_error_line(written.stderr)
    assert _digest(db) == before
    assert sorted(os.listdir(read_only_folder)) == names


def test_reading_a_writable_backup_keeps_its_bytes_and_journal(sources, tmp_path):
    db = tmp_path / "copy" / "backup.db"
    db.parent.mkdir()
    shutil.copyfile(sources["backup"], db)
    before = _digest(db)
    for args in (["info"], ["complaint", "list"], ["recap", "--month", "2025-03"]):
        done = _run(db, *args)
        assert done.returncode == 0, done.stderr
    assert _digest(db) == before
    assert _journal(db) == "delete"
    assert sorted(os.listdir(db.parent)) == ["backup.db"]
    # A command that writes takes the file over as every live database is: WAL.
    assert _run(db, "complaint", "add", "-s", "kanwil", "--summary", "Baru").returncode == 0
    assert _journal(db) == "wal"


def test_an_older_schema_is_read_and_backed_up_as_it_is_until_init_upgrades_it(tmp_path):
    db = tmp_path / "old" / "v1.db"
    db.parent.mkdir()
    shutil.copyfile(FIXTURES / "schema-v1.db", db)
    before = _digest(db)
    for args in (["recap"], ["complaint", "list"], ["info"]):
        done = _run(db, *args)
        assert done.returncode == 3, done.stderr
        assert_one_error_line(done.stderr)
        assert "has schema 1" in done.stderr and "adurabi init" in done.stderr
    copy = db.parent / "v1-backup.db"
    assert _run(db, "backup", str(copy)).returncode == 0  # a backup copies any version
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT max(version) FROM schema_migration").fetchone() == (1,)
    assert _digest(db) == before
    assert _run(db, "init").returncode == 0
    assert _run(db, "complaint", "list").returncode == 0


def test_a_wal_file_others_may_write_in_a_read_only_folder_is_refused_in_one_line(
    sources, read_only_folder
):
    db = read_only_folder / "adurabi.db"
    shutil.copyfile(sources["live"], db)
    db.chmod(0o644)  # its owner may write it: SQLite would need a -shm to read it safely
    read_only_folder.chmod(0o555)
    before = _digest(db)
    done = _run(db, "recap", prefix=_as_user())
    assert done.returncode == 3
    assert_one_error_line(done.stderr)
    assert "WAL mode" in done.stderr and "adurabi backup" in done.stderr
    assert _digest(db) == before


def test_a_wal_database_on_a_read_only_mount_is_read(sources, tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("no unshare to make a read-only mount")
    folder = tmp_path / "media"
    folder.mkdir()
    db = folder / "adurabi.db"
    shutil.copyfile(sources["live"], db)
    before = _digest(db)
    where = shlex.quote(str(folder))
    command = " ".join(shlex.quote(part) for part in adurabi_argv("complaint", "list"))
    script = f"mount --bind {where} {where} && mount -o remount,ro,bind {where} && exec {command}"
    namespace = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    done = subprocess.run(
        [*namespace, "sh", "-c", script],
        env=env_for(db),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.stderr.startswith(("unshare:", "mount:")):
        pytest.skip(f"no read-only bind mount here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    assert "PGD-2025-00001" in done.stdout
    assert _digest(db) == before
    assert sorted(os.listdir(folder)) == ["adurabi.db"]
