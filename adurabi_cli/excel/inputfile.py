"""A file named for import must be one that can be read whole: a regular file of sane size.

A device or a pipe (`/dev/zero`, a FIFO) would be read forever or block; a file of several
gigabytes would be held in memory whole before a single row is checked. Both are refused
with one sentence before any byte is read.
"""

from __future__ import annotations

import stat
from pathlib import Path

from adurabi_cli.errors import InvalidInput

# A million complaints take about 250 MB of CSV; an import is one transaction held in memory.
MAX_INPUT_BYTES = 512 * 1024 * 1024


def check_input_file(path: Path) -> None:
    """Refuse anything but a regular file of at most MAX_INPUT_BYTES; a missing path passes
    (the caller says it is missing in its own words)."""
    try:
        info = path.stat()
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{path} is not a regular file (a device, a pipe or a socket)")
    if info.st_size > MAX_INPUT_BYTES:
        raise InvalidInput(
            f"{path.name} is {info.st_size / 2**20:,.0f} MB; import at most "
            f"{MAX_INPUT_BYTES // 2**20} MB at a time (split the file)"
        )
