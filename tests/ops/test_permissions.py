"""New database files follow the umask, and a shared folder's group can always write them."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from adurabi_cli.db.permissions import create_database_file, folder_sharing

# The SQLite file itself: skipped when the suite runs on PostgreSQL.
pytestmark = pytest.mark.sqlite_only

OTHER_GID = 4242  # not root's group: proves the file took the folder's group
as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="changing to any group needs root"
)


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def folder(tmp_path: Path, folder_mode: int, gid: int | None = None) -> Path:
    path = tmp_path / "shared"
    path.mkdir()
    if gid is not None:
        os.chown(path, -1, gid)
    os.chmod(path, folder_mode)
    return path


@pytest.mark.parametrize(
    "mask, folder_mode, expected",
    [
        (0o022, 0o755, 0o644),  # a private folder: the umask alone decides
        (0o077, 0o700, 0o600),
        (0o002, 0o775, 0o664),
        (0o022, 0o775, 0o664),  # group-writable folder: the group may write whatever the umask
        (0o022, 0o2755, 0o664),  # setgid folder
        (0o077, 0o2770, 0o660),  # the umask still keeps others out
    ],
)
def test_init_creates_the_file_with_the_umask_and_the_folders_sharing(
    cli, tmp_path, umask, mask, folder_mode, expected
):
    where = folder(tmp_path, folder_mode)
    umask(mask)
    cli("--db", where / "adurabi.db", "init")
    assert mode(where / "adurabi.db") == expected


@as_root
@pytest.mark.parametrize("folder_mode", [0o2775, 0o775])
def test_the_file_takes_the_folders_group(cli, tmp_path, umask, folder_mode):
    where = folder(tmp_path, folder_mode, gid=OTHER_GID)
    umask(0o002)
    cli("--db", where / "adurabi.db", "init")
    assert (where / "adurabi.db").stat().st_gid == OTHER_GID


@as_root
def test_sqlite_sidecar_files_get_the_database_files_mode_and_group(cli, tmp_path, umask):
    """The -wal and -shm files other operators must write follow the database file."""
    where = folder(tmp_path, 0o2775, gid=OTHER_GID)
    umask(0o022)  # an operator who forgot `umask 002`
    db = where / "adurabi.db"
    cli("--db", db, "init")
    holder = sqlite3.connect(db)
    try:
        holder.execute("INSERT INTO setting VALUES ('probe', '1')")
        holder.commit()
        for sidecar in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert sidecar.exists()
            assert mode(sidecar) == 0o664
            assert sidecar.stat().st_gid == OTHER_GID
    finally:
        holder.close()


def test_an_existing_file_is_left_alone(tmp_path):
    path = tmp_path / "taken.db"
    path.write_bytes(b"")
    os.chmod(path, 0o600)
    assert create_database_file(path) is False
    assert mode(path) == 0o600


def test_folder_sharing_reads_the_bits(tmp_path):
    assert not folder_sharing(folder(tmp_path, 0o755)).shared
    other = tmp_path / "g"
    other.mkdir()
    os.chmod(other, 0o2750)
    sharing = folder_sharing(other)
    assert (sharing.setgid, sharing.group_writable, sharing.shared) == (True, False, True)
