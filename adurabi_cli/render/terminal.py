"""The streams a command writes to, and whether they are terminals; tests replace it."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TextIO


@dataclass
class Terminal:
    stdout: TextIO
    stderr: TextIO
    stdout_tty: bool
    stderr_tty: bool
    color: bool

    @classmethod
    def detect(cls) -> Terminal:
        """Look at the current sys streams (CliRunner swaps them per invocation).

        ADURABI_TTY=1 or 0 overrides the detection, for tests and for `watch`-like wrappers.
        """
        forced = os.environ.get("ADURABI_TTY")
        out_tty = _isatty(sys.stdout) if forced is None else forced == "1"
        err_tty = _isatty(sys.stderr) if forced is None else forced == "1"
        color = out_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        return cls(sys.stdout, sys.stderr, out_tty, err_tty, color)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal() -> Terminal:
    return Terminal.detect()
