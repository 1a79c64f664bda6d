"""Free text as it may be stored: what a terminal or a spreadsheet cannot take, left out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

# C0 controls and DEL: a pasted ESC sequence would drive the terminal of whoever lists the
# record later, and XML (so every .xlsx export) cannot hold most of them at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A search is a few words typed at a prompt; far longer text is a paste gone wrong, and
# SQLite refuses a LIKE pattern past 50,000 bytes (each % or _ escaped counts twice).
MAX_SEARCH = 200


# Leading characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection),
# and the apostrophe OWASP puts before them in a CSV cell so that it is shown as text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_GUARD = "'"


def csv_guarded(text: str) -> str:
    """A text as a CSV cell that a spreadsheet opens as text, never as a formula: a leading
    ' before a formula's first character (and before a text that already starts with
    apostrophes and then one, so that csv_unguarded gives every text back exactly)."""
    return CSV_GUARD + text if text.lstrip(CSV_GUARD).startswith(FORMULA_PREFIXES) else text


def csv_unguarded(cell: str) -> str:
    """A CSV cell back to its text: the apostrophe csv_guarded put there is taken off; every
    other cell stays as it is."""
    if cell.startswith(CSV_GUARD) and cell.lstrip(CSV_GUARD).startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


# Invisible characters that carry no text: zero-width space, word joiner and BOM (pasted from
# web pages, left by spreadsheets) are left out. Zero-width (non-)joiners shape the letters
# around them and stay, but alone they make no text either.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_JOINERS = "\u200c\u200d"


def drop_invisible(text: str) -> str:
    """text without the invisible characters that carry none; "" when nothing visible is
    left (like text of spaces, non-breaking ones included)."""
    text = text.translate(_INVISIBLE)
    return text if "".join(text.split()).strip(_JOINERS) else ""


def one_line(value: Any) -> str:
    """Text on one line: control characters and runs of whitespace become one space; text
    with nothing visible is empty."""
    text = str(value)
    if not text.isprintable():
        text = drop_invisible(_CONTROL.sub(" ", text))
    return " ".join(text.split())


def on_one_line(values: Sequence[Any]) -> bool:
    """Whether every value is text one_line keeps as it is (printable, not empty, words
    single-spaced, no space at either end), checked down a whole column in a few passes
    in C instead of a call per value."""
    if not values or set(map(type, values)) != {str} or "" in values:
        return False
    joined = " ".join(values)  # a space at either end of a value doubles a space here
    return joined.isprintable() and " ".join(joined.split()) == joined


def search_text(value: str | None) -> str | None:
    """A `--search` without surrounding space, None when blank; refused past MAX_SEARCH."""
    text = value.strip() if value is not None else ""
    if len(text) > MAX_SEARCH:
        raise InvalidInput(
            _("--search is {value} characters long; at most {MAX_SEARCH} are allowed").format(
                value=len(text), MAX_SEARCH=MAX_SEARCH
            ),
            field="search",
        )
    return text or None
