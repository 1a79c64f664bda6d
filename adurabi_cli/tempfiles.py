"""Temporary files that exports, backups and new databases are written to before the rename
(a new database: the link).

A temporary file is named after its final file, this host and the process writing it:
`.rekap-2025-03.xlsx.adurabi-4711-server1-1a2b3c4d.tmp` (SQLite may add `-journal` to a
database's). A run killed before its rename leaves it behind; it is stale when the process
that made it is no longer running on this host, or, whatever the host, when nothing has
changed it for STALE_AFTER. The next export, backup or `init` into the same folder removes
the stale ones, and `adurabi doctor` lists those beside the database.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import time
from pathlib import Path

STALE_AFTER = 24 * 3600.0
_PATTERN = re.compile(
    r"^\.(?P<final>.+)\.adurabi-(?P<pid>\d+)-(?P<host>[A-Za-z0-9_-]*)-[0-9a-f]{8}\.tmp"
    r"(?:-journal|-wal|-shm)?$"
)


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", socket.gethostname())[:40]


def temporary_name(final: Path) -> Path:
    """A new temporary file's path beside final, unique to this process."""
    tag = f"adurabi-{os.getpid()}-{_host()}-{secrets.token_hex(4)}"
    return final.with_name(f".{final.name}.{tag}.tmp")


def create_exclusive(path: Path, mode: int = 0o600) -> int:
    """Create path, which must not exist yet; returns the open descriptor."""
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)


def remove(path: Path) -> None:
    """Remove a temporary file and what SQLite may have put beside it; quiet if absent."""
    for name in (str(path), *(f"{path}{suffix}" for suffix in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            os.unlink(name)


def sync(path: Path) -> None:
    """Flush a file, or a folder's list of names, to disk; quiet where a folder cannot be
    opened (a rename or link is atomic all the same)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def stale_in(folder: Path) -> list[Path]:
    """adurabi's temporary files in folder whose run is over (see the module's docstring)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    host = _host()
    now = time.time()
    found = []
    for name in names:
        match = _PATTERN.match(name)
        if match is None:
            continue
        path = folder / name
        try:
            age = now - path.lstat().st_mtime
        except OSError:
            continue
        gone = match["host"] == host and not _running(int(match["pid"]))
        if gone or age > STALE_AFTER:
            found.append(path)
    return sorted(found)


def remove_stale(folder: Path) -> list[Path]:
    """Remove the stale temporary files of folder; the ones removed."""
    removed = []
    for path in stale_in(folder):
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # PermissionError: another user's process, alive
        return True
    return True
