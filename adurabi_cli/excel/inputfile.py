"""A file named for import must be one that can be read whole: a regular file of sane size.

A device or a pipe (`/dev/zero`, a FIFO) would be read forever or block; a file of several
gigabytes would be held in memory whole before a single row is checked. Both are refused
with one sentence before any byte is read.
"""

from __future__ import annotations

import stat
from pathlib import Path

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _, readable

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
        raise InvalidInput(
            _("{path} is not a regular file (a device, a pipe or a socket)").format(path=path)
        )
    if info.st_size > MAX_INPUT_BYTES:
        raise InvalidInput(
            _("{name} is {value} MB; import at most {value2} MB at a time (split the file)").format(
                name=path.name,
                value=readable(round(info.st_size / 2**20)),
                value2=MAX_INPUT_BYTES // 2**20,
            )
        )
