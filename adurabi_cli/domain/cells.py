"""Spreadsheet cell values read as Python values: text, dates, whole numbers, yes/no.

A cell arrives as whatever the file held: text from a CSV, or a str, int, float, bool,
datetime from an .xlsx. Each helper returns None for a blank cell and raises InvalidInput
with a sentence an operator understands otherwise. Pure: import and the services share them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from adurabi_cli.domain.dates import MIN_YEAR, parse_date
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _, readable

# Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is past (serial 61 = 1900-03-01).
_EXCEL_EPOCH = date(1899, 12, 30)
_MIN_SERIAL = (date(MIN_YEAR, 1, 1) - _EXCEL_EPOCH).days
_MAX_SERIAL = (date(9999, 12, 31) - _EXCEL_EPOCH).days
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.0+)?", re.ASCII)
# Digits grouped by thousands the Indonesian (12.500) or English (12,500) way.
_PLAIN = re.compile(r"\d+", re.ASCII)
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,\u00a0 ])\d{3}(?:(?P=sep)\d{3})*", re.ASCII)
_MAX_INT = 10**15

TRUE_WORDS = frozenset({"ya", "y", "yes", "true", "benar", "1", "x", "v", "✓"})
FALSE_WORDS = frozenset({"tidak", "tdk", "no", "n", "false", "salah", "0", "-"})


def is_blank(value: Any) -> bool:
    """None, or text holding nothing but spaces: an empty cell."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value: Any, *, multiline: bool = False) -> str | None:
    """Cell text with stray spaces gone; runs of spaces collapsed unless multiline.

    Numbers Excel stored for text-looking input (an external reference 12345) come back
    without a trailing .0; dates as YYYY-MM-DD.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        text = "ya" if value else "tidak"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if _is_midnight(value) else value.isoformat(" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    if multiline:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        text = "\n".join(line.rstrip() for line in lines).strip()
    else:
        text = " ".join(text.split())
    return text or None


def serial_to_date(serial: float) -> date:
    """The date of an Excel serial day number (1900 date system), time of day dropped."""
    if not _MIN_SERIAL <= serial <= _MAX_SERIAL:
        raise InvalidInput(
            _("{serial:g} is not a date; as an Excel day number it falls before {MIN_YEAR}").format(
                serial=serial, MIN_YEAR=MIN_YEAR
            )
        )
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def to_date(value: Any, *, today: date, allow_future: bool = False) -> date | None:
    """A date from a date cell, text (as parse_date reads it) or an Excel serial."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, bool):
        raise InvalidInput(
            _("{value} is not a date; use DD/MM/YYYY or YYYY-MM-DD").format(value=_shown(value))
        )
    elif isinstance(value, int | float):
        result = serial_to_date(value)
    else:
        text = str(value).strip()
        if _SERIAL_TEXT.fullmatch(text):
            result = serial_to_date(float(text))
        else:
            try:
                # The common case first: ISO text costs one C call.
                result = date.fromisoformat(text) if len(text) == 10 else None
            except ValueError:
                result = None
            if result is None:
                return parse_date(text, today=today, allow_future=allow_future)
    if result.year < MIN_YEAR:
        raise InvalidInput(
            _("date {value} is before {MIN_YEAR}").format(value=readable(result), MIN_YEAR=MIN_YEAR)
        )
    if result > today and not allow_future:
        raise InvalidInput(_("date {value} is in the future").format(value=readable(result)))
    return result


def to_int(value: Any) -> int | None:
    """A whole number of zero or more: 12500, 12.500, 12,500 or a whole-valued number cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise InvalidInput(_("{value} is not a whole number").format(value=_shown(value)))
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidInput(_("{value:g} is not a whole number").format(value=value))
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if _PLAIN.fullmatch(text):
            number = int(text)
        elif _GROUPED.fullmatch(text):
            number = int(re.sub(r"\D", "", text))
        elif text.startswith("-") and _PLAIN.fullmatch(text[1:].strip()):
            number = -int(text[1:])
        else:
            raise InvalidInput(_("{value} is not a whole number").format(value=_shown(text)))
    if number < 0:
        raise InvalidInput(_("{number} is negative; counts start at 0").format(number=number))
    if number > _MAX_INT:
        raise InvalidInput(_("{number} is implausibly large").format(number=number))
    return number


def to_bool(value: Any) -> bool | None:
    """Yes or no: ya/tidak, true/false, 1/0 (any case), or a TRUE/FALSE cell."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise InvalidInput(_("{value} is not yes or no; use ya or tidak").format(value=_shown(value)))


def _is_midnight(value: datetime) -> bool:
    return not (value.hour or value.minute or value.second or value.microsecond)


def _shown(value: Any) -> str:
    """A value quoted for a message, cut short when long."""
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 40 else text[:37] + "...")
