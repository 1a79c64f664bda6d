"""Permissions of new database files, so a file in a shared folder stays usable by the group.

SQLite creates a database file with mode 0644 minus the umask: never group-writable, so the
first operator to run `init` in a shared folder would lock everyone else out. We create the
file ourselves first. SQLite then creates the `-wal`, `-shm` and `-journal` files with exactly
the database file's mode; their group is the creator's unless the folder is setgid, which is
why a shared folder needs `chmod 2775` (see README, "Looking after the database").
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

GROUP_RW = stat.S_IRGRP | stat.S_IWGRP


@dataclass(frozen=True)
class FolderSharing:
    """Whether a folder is meant for a group: group-writable or setgid."""

    gid: int
    group_writable: bool
    setgid: bool

    @property
    def shared(self) -> bool:
        return self.group_writable or self.setgid


def folder_sharing(folder: Path) -> FolderSharing:
    info = os.stat(folder)
    return FolderSharing(
        gid=info.st_gid,
        group_writable=bool(info.st_mode & stat.S_IWGRP),
        setgid=bool(info.st_mode & stat.S_ISGID),
    )


def create_database_file(path: Path) -> bool:
    """Create an empty database file with the shared-folder rule; False if it already exists."""
    sharing = folder_sharing(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)  # the umask applies
    except FileExistsError:
        return False  # another program created it first: its rules stand
    try:
        if sharing.shared and hasattr(os, "fchown"):
            created = os.fstat(fd)
            # The umask decides the other bits; the group must be able to write.
            os.fchmod(fd, stat.S_IMODE(created.st_mode) | GROUP_RW)
            if created.st_gid != sharing.gid:
                # Refused when we are not in the folder's group; `doctor` reports the mismatch.
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, -1, sharing.gid)
    finally:
        os.close(fd)
    return True
