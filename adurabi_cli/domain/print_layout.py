"""How tall a printed row must be for its wrapped text: pure arithmetic, no spreadsheet.

Column widths are in Excel's unit (the width of a digit of the body font). Spreadsheet
programs without the workbook's font print in a wider one (LibreOffice on a machine without
Calibri uses DejaVu Sans), and break lines differently at the zoom that fits a sheet to the
page, so a line is taken to hold fewer characters than the width says: a row a little too
tall prints whole, one too short prints over the next row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

# Characters of running text one unit of column width holds, allowing for a wider font
# (LibreOffice fits about 1.1 of DejaVu Sans, fewer at some zooms).
CHARS_PER_WIDTH = 0.85
# Bold text (header labels) is about a tenth wider.
BOLD_WIDTH = 0.9
# Points per line of 11-point text, and the space above and below a cell's text.
LINE_POINTS = 15.0
PADDING_POINTS = 3.0
# Excel's tallest row.
MAX_ROW_POINTS = 409.0
# What a shortened web address shows for the part it leaves out.
ELLIPSIS = "\u2026"
# The scheme and a leading "www." of a web address, left out when it does not fit.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\.)?", re.I)
# Fewer characters of a path than this after "host/…" say nothing: the text is cut instead.
_SHORTEST_TAIL = 8
_BREAK = re.compile(r"/|[-_]")


def line_capacity(width: float) -> int:
    """How many characters one line of a cell of this width is taken to hold."""
    return max(1, math.floor(width * CHARS_PER_WIDTH))


def fits_one_line(text: str, width: float) -> bool:
    """Whether text surely fits one line of a cell of this width (no wrapping needed)."""
    return "\n" not in text and len(text) <= line_capacity(width)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines text takes in a wrapped cell of this width: words kept whole where
    they fit, a word longer than a line broken, the text's own line breaks kept."""
    if fits_one_line(text, width):
        return 1
    per_line = line_capacity(width)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            # A word longer than a line fills whole lines, the rest starts the next.
            full, used = divmod(len(word), per_line)
            if used == 0 and full:
                full, used = full - 1, per_line
            lines += full
    return lines


def row_height(cells: Iterable[tuple[str, float]], *, scale: float = 1.0) -> float | None:
    """The height in points a row of wrapped (text, column width) cells needs; None when
    one line does (the program's default height). scale: the font's size over 11 points."""
    lines = max((wrapped_lines(text, width / scale) for text, width in cells), default=1)
    if lines <= 1 and scale <= 1:
        return None
    return min(MAX_ROW_POINTS, round(lines * LINE_POINTS * scale + PADDING_POINTS, 1))


def short_url(url: str, width: float) -> str:
    """A web address as one line of a cell of this width shows it (the cell's link keeps the
    whole address): whole when it fits; else without its scheme and "www."; else, when the
    host and path fit, that text cut in the query with an ellipsis; else the host, "/…" and
    the end of the path (from a "/", else a "-" or "_", where one falls in it); a host too
    long for that, cut."""
    room = line_capacity(width)
    if len(url) <= room:
        return url
    bare = _SCHEME.sub("", url, count=1)
    if len(bare) <= room:
        return bare
    host, _, rest = bare.partition("/")
    path = re.split(r"[?#]", rest, maxsplit=1)[0].rstrip("/")
    keep = room - len(host) - 2
    if len(host) + 1 + len(path) < room or keep < _SHORTEST_TAIL:
        return bare[: room - 1] + ELLIPSIS
    tail = path[-keep:]
    # Start at a "/", else after a word's "-" or "_", rather than inside a word.
    mark = _BREAK.search(tail[:-1])
    if mark:
        tail = tail[mark.start() :] if mark.group() == "/" else tail[mark.end() :]
    return f"{host}/{ELLIPSIS}{tail}"
