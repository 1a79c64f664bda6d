"""Free text as it may be stored: what a terminal or a spreadsheet cannot take, left out."""

from __future__ import annotations

import re
from typing import Any

# C0 controls and DEL: a pasted ESC sequence would drive the terminal of whoever lists the
# record later, and XML (so every .xlsx export) cannot hold most of them at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(value: Any) -> str:
    """Text on one line: control characters and runs of whitespace become one space."""
    text = str(value)
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    return " ".join(text.split())
