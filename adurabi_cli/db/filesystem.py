"""Which filesystem holds the database folder, read from the kernel's mount table.

SQLite's locking and WAL's shared memory rely on a local filesystem: on NFS, SMB and most
FUSE filesystems concurrent writers can corrupt the file and WAL does not work at all, so the
store falls back to a rollback journal there and `doctor` names the risk.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from adurabi_cli.i18n import _

ENV_FS_TYPE = "ADURABI_FS_TYPE"
MOUNT_TABLES = (Path("/proc/self/mountinfo"), Path("/proc/mounts"))

# Filesystems where several machines (or a host and a guest) share one file.
NETWORK_FSTYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "9p",
        "virtiofs",
        "drvfs",
        "ceph",
        "glusterfs",
        "gfs2",
        "ocfs2",
        "lustre",
        "gpfs",
        "beegfs",
        "afs",
        "coda",
        "ncpfs",
        "davfs",
        "sshfs",
        "fuse",
    }
)
# FUSE drivers over a local disk (ntfs-3g and exfat mount as fuseblk, rootless containers use
# fuse-overlayfs); every other fuse.* subtype is treated as remote.
LOCAL_FUSE_FSTYPES = frozenset({"fuseblk", "fuse.fuse-overlayfs", "fuse.lxcfs"})

_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    mount_point: str
    fstype: str
    source: str


@dataclass(frozen=True)
class Filesystem:
    """The filesystem of a folder; fstype is None when no mount table could be read."""

    fstype: str | None
    mount_point: str | None
    source: str | None
    network: bool
    origin: str  # the mount table read, "ADURABI_FS_TYPE", or "unknown"

    @property
    def description(self) -> str:
        if self.fstype is None:
            return _("unknown (no mount table on this system)")
        if self.mount_point:
            return _("{fstype} mounted at {mount_point}").format(
                fstype=self.fstype, mount_point=self.mount_point
            )
        return self.fstype


def _unescape(field: str) -> str:
    """The kernel writes space, tab, newline and backslash in mount points as \\NNN octal."""
    return _OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """Mounts of a /proc/self/mountinfo text, in file order; malformed lines are skipped."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        # ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER_OPTIONS
        try:
            separator = fields.index("-", 6)
            fstype, source = fields[separator + 1], fields[separator + 2]
        except (ValueError, IndexError):
            continue
        mounts.append(Mount(_unescape(fields[4]), fstype, _unescape(source)))
    return mounts


def parse_mounts(text: str) -> list[Mount]:
    """Mounts of a /proc/mounts (fstab format) text, in file order."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3 or fields[0].startswith("#"):
            continue
        mounts.append(Mount(_unescape(fields[1]), fields[2], _unescape(fields[0])))
    return mounts


def find_mount(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount holding an absolute, resolved path: the longest mount point that contains it.

    Of two mounts on the same point the later one wins: it is stacked on top.
    """
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        inside = point == "/" or path == point or path.startswith(point + "/")
        if inside and (best is None or len(point) >= len(best.mount_point.rstrip("/") or "/")):
            best = mount
    return best


def is_network_fstype(fstype: str) -> bool:
    """True for filesystems where SQLite's locking cannot be trusted (network, shared, FUSE)."""
    name = fstype.strip().lower()
    if name in LOCAL_FUSE_FSTYPES:
        return False
    if name in NETWORK_FSTYPES or name.startswith("fuse."):
        return True
    # Kernel variants such as nfs4.1 or smb3.1.1 name the same protocols.
    return name.split(".")[0] in {"nfs", "nfs4", "smb3", "cifs"}


def read_mount_table(tables: tuple[Path, ...] = MOUNT_TABLES) -> tuple[list[Mount], str] | None:
    """The first readable mount table and its path, or None (not Linux, or /proc hidden)."""
    for table in tables:
        try:
            text = table.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            continue
        mounts = parse_mountinfo(text) if table.name == "mountinfo" else parse_mounts(text)
        if mounts:
            return mounts, str(table)
    return None


def filesystem_of(folder: Path, tables: tuple[Path, ...] = MOUNT_TABLES) -> Filesystem:
    """The filesystem holding folder; ADURABI_FS_TYPE overrides the lookup (tests)."""
    override = os.environ.get(ENV_FS_TYPE, "").strip()
    if override:
        return Filesystem(override, None, None, is_network_fstype(override), ENV_FS_TYPE)
    found = read_mount_table(tables)
    if found is None:
        return Filesystem(None, None, None, False, "unknown")
    mounts, origin = found
    # Symlinks are followed: the mount table lists real locations.
    mount = find_mount(os.path.realpath(folder), mounts)
    if mount is None:
        return Filesystem(None, None, None, False, origin)
    return Filesystem(
        mount.fstype, mount.mount_point, mount.source, is_network_fstype(mount.fstype), origin
    )


def network_risk(fs: Filesystem) -> str:
    """The sentence `doctor` and the warning use for a database on a network filesystem."""
    return _(
        "SQLite on {fstype} may corrupt under concurrent writers; move the file to a local disk"
    ).format(fstype=fs.fstype)


def network_warning(folder: Path, fs: Filesystem, journal_note: str) -> str:
    """The one warning line every command prints for a database on a network filesystem."""
    return _("{folder} is on a network filesystem; {risk} ({journal_note})").format(
        folder=folder, risk=network_risk(fs), journal_note=journal_note
    )
