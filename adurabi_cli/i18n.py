"""The language the tool speaks: Indonesian by default, English with ADURABI_LANG=en or --lang en.

Messages are marked with `_()` and looked up in the gettext catalog of the `adurabi` domain
(`locale/<lang>/LC_MESSAGES/adurabi.mo`, compiled from the `.po` beside it). Typer marks its own
phrases ("Options", "Commands", "No such command") with the `gettext` module's domain functions,
which read the language from the LANGUAGE variable and the default domain set by `textdomain`:
`activate` sets both, so the tool's messages and Typer's come from one catalog in one language.
English is the message ids themselves: there is no English catalog.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from pathlib import Path

DOMAIN = "adurabi"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANG_ENV = "ADURABI_LANG"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def requested_language() -> str:
    """The language ADURABI_LANG asks for (the default when unset, empty or unknown; the
    environment check reports an unknown one)."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


# The active catalog, kept: the domain functions look the catalog file up again at every
# call (a tenth of a millisecond each), which a help page of fifty texts would feel.
_catalog: gettext.NullTranslations | None = None


def activate(language: str | None = None) -> None:
    """Speak `language` (else the one ADURABI_LANG asks for) from now on in this process."""
    global _catalog
    language = language or requested_language()
    os.environ["LANGUAGE"] = language
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    _catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def current_language() -> str:
    return "en" if os.environ.get("LANGUAGE", "").startswith("en") else DEFAULT_LANGUAGE


def _(message: str) -> str:
    """`message` in the active language."""
    if _catalog is None:
        activate()
    return _catalog.gettext(message)  # type: ignore[union-attr]


def ngettext(singular: str, plural: str, n: int) -> str:
    if _catalog is None:
        activate()
    return _catalog.ngettext(singular, plural, n)  # type: ignore[union-attr]


def N_(message: str) -> str:
    """Marks `message` for the catalog where it is defined (a table of module level); it is
    translated with _() where it is shown."""
    return message


def readable(value: date | int | float) -> str:
    """`value` as a person reads it in a sentence of the active language: a date as 24/03/2025
    (a moment with its time, 24/03/2025 14:05), a whole number with its thousands separated,
    10.000 in Indonesian and 10,000 in English, a fraction to one decimal (1.234,5 and 1,234.5).
    JSON, CSV and files keep ISO and plain digits."""
    if isinstance(value, datetime):
        return f"{readable(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        # Not strftime alone: it does not zero-pad years below 1000 on every platform.
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if current_language() != "en":
        return indonesian_number(value)
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def indonesian_number(value: int | float) -> str:
    """`value` as Indonesian writes it whatever the active language (10.000, 1.234,5): the
    terminal tables and the workbooks, which speak Indonesian in both languages."""
    grouped = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    return grouped.translate(_INDONESIAN_DIGITS)


# Thousands and decimal separators as Indonesian writes them: swapped from English.
_INDONESIAN_DIGITS = str.maketrans(",.", ".,")
