"""Reading the mount table: which filesystem holds the database folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.db.filesystem import (
    ENV_FS_TYPE,
    Mount,
    filesystem_of,
    find_mount,
    is_network_fstype,
    parse_mountinfo,
    parse_mounts,
)

# The SQLite file itself: skipped when the suite runs on PostgreSQL.
pytestmark = pytest.mark.sqlite_only

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
25 22 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
40 22 0:45 / /srv/adurabi rw,relatime shared:30 master:2 - nfs4 fs1:/export/humas rw,vers=4.2
41 22 8:17 / /srv/adurabi-local rw,relatime - ext4 /dev/sdb1 rw
42 22 0:47 / /mnt/kantor\\040humas rw,relatime shared:32 - cifs //nas/humas\\040bali rw,vers=3.1.1
43 22 0:48 / /home/budi/remote rw,nosuid,nodev,relatime - fuse.sshfs budi@server:/data rw
44 40 0:49 / /srv/adurabi/local rw,relatime - tmpfs tmpfs rw
45 22 8:33 / /mnt/stack rw,relatime - ext4 /dev/sdc1 rw
46 45 0:51 / /mnt/stack rw,relatime - nfs server:/stacked rw
this line is not a mount
47 22 0:52 / /var/lib/containers rw - fuse.fuse-overlayfs fuse-overlayfs rw
"""

PROC_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//nas/humas /mnt/kantor\\040humas smb3 rw,vers=3.1.1 0 0
fs1:/export /srv/share nfs rw 0 0
broken
"""


def test_mountinfo_lines_become_mounts_with_escapes_undone():
    mounts = parse_mountinfo(MOUNTINFO)
    assert len(mounts) == 10  # the malformed line is skipped
    assert mounts[0] == Mount("/", "ext4", "/dev/sda1")
    assert mounts[2] == Mount("/srv/adurabi", "nfs4", "fs1:/export/humas")
    assert mounts[4] == Mount("/mnt/kantor humas", "cifs", "//nas/humas bali")
    assert mounts[5].fstype == "fuse.sshfs"


def test_proc_mounts_lines_become_mounts():
    mounts = parse_mounts(PROC_MOUNTS)
    assert [m.mount_point for m in mounts] == ["/", "/proc", "/mnt/kantor humas", "/srv/share"]
    assert mounts[2] == Mount("/mnt/kantor humas", "smb3", "//nas/humas")


@pytest.mark.parametrize(
    "path, fstype",
    [
        ("/srv/adurabi", "nfs4"),
        ("/srv/adurabi/data", "nfs4"),
        ("/srv/adurabi-local/data", "ext4"),  # a name prefix is not a folder prefix
        ("/srv/adurabi/local/db", "tmpfs"),  # a local mount nested inside the share
        ("/mnt/stack/a", "nfs"),  # stacked on the same point: the later mount wins
        ("/mnt/kantor humas/adurabi", "cifs"),
        ("/home/budi/remote/x", "fuse.sshfs"),
        ("/var/lib/adurabi", "ext4"),
        ("/", "ext4"),
    ],
)
def test_the_longest_mount_point_holding_the_path_wins(path, fstype):
    assert find_mount(path, parse_mountinfo(MOUNTINFO)).fstype == fstype


def test_no_mount_holds_a_path_outside_a_partial_table():
    assert find_mount("/home/x", [Mount("/srv", "nfs", "s:/")]) is None


@pytest.mark.parametrize(
    "fstype",
    [
        "nfs",
        "nfs4",
        "NFS4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "virtiofs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "fuse.sshfs",
        "fuse.rclone",
        "fuse",
        "davfs",
        "afs",
        "lustre",
    ],
)
def test_network_and_fuse_filesystems_are_a_risk(fstype):
    assert is_network_fstype(fstype)


@pytest.mark.parametrize(
    "fstype",
    ["ext4", "xfs", "btrfs", "zfs", "tmpfs", "overlay", "f2fs", "fuseblk", "fuse.fuse-overlayfs"],
)
def test_local_filesystems_are_not(fstype):
    assert not is_network_fstype(fstype)


def _table(tmp_path: Path, text: str, name: str = "mountinfo") -> Path:
    table = tmp_path / name
    table.write_text(text)
    return table


def test_lookup_reads_the_table_and_follows_symlinks(tmp_path):
    real = tmp_path / "share"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    table = _table(
        tmp_path,
        f"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:40 / {real} rw - nfs4 fs1:/humas rw\n",
    )
    fs = filesystem_of(link, tables=(table,))
    assert (fs.fstype, fs.mount_point, fs.source, fs.network) == (
        "nfs4",
        str(real),
        "fs1:/humas",
        True,
    )
    assert fs.origin == str(table)
    assert not filesystem_of(tmp_path, tables=(table,)).network


def test_lookup_falls_back_to_proc_mounts_then_to_unknown(tmp_path):
    missing = tmp_path / "no-such-mountinfo"
    mounts = _table(tmp_path, f"fs1:/x {tmp_path} nfs rw 0 0\n", name="mounts")
    assert filesystem_of(tmp_path, tables=(missing, mounts)).fstype == "nfs"
    unknown = filesystem_of(tmp_path, tables=(missing,))
    assert (unknown.fstype, unknown.network, unknown.origin) == (None, False, "unknown")
    assert unknown.description == "unknown (no mount table on this system)"


@pytest.mark.parametrize("value, network", [("nfs", True), ("cifs", True), ("ext4", False)])
def test_the_environment_overrides_the_mount_table(tmp_path, monkeypatch, value, network):
    monkeypatch.setenv(ENV_FS_TYPE, value)
    fs = filesystem_of(tmp_path)
    assert (fs.fstype, fs.network, fs.origin) == (value, network, ENV_FS_TYPE)


@pytest.mark.skipif(not os.path.exists("/proc/self/mountinfo"), reason="needs Linux /proc")
def test_this_machines_test_folder_is_found_in_the_real_mount_table(tmp_path):
    fs = filesystem_of(tmp_path)
    assert fs.fstype
    assert fs.origin == "/proc/self/mountinfo"
    assert str(tmp_path).startswith(fs.mount_point)


_parts = st.lists(st.sampled_from(["srv", "srv2", "adurabi", "a", "b b", "humas"]), max_size=4)


def _contains(point: str, path: str) -> bool:
    return point == "/" or path == point or path.startswith(point + "/")


@given(
    points=st.lists(_parts, min_size=1, max_size=8),
    target=_parts,
)
def test_find_mount_returns_the_deepest_mount_holding_the_path(points, target):
    mounts = [Mount("/" + "/".join(p), "ext4", str(i)) for i, p in enumerate(points)]
    path = "/" + "/".join(target)
    found = find_mount(path, mounts)
    holding = [m for m in mounts if _contains(m.mount_point, path)]
    if not holding:
        assert found is None
        return
    assert found is not None and _contains(found.mount_point, path)
    deepest = max(len(m.mount_point.rstrip("/")) for m in holding)
    assert len(found.mount_point.rstrip("/")) == deepest
    # Of equal mount points the last one listed is on top.
    assert found == [m for m in holding if m.mount_point == found.mount_point][-1]
