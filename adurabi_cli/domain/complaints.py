"""Complaint fields: tracking numbers, references, text limits and flags (docs/design.md 4, 6)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from adurabi_cli.domain.cells import FALSE_WORDS, TRUE_WORDS
from adurabi_cli.domain.status import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    allowed_moves,
    check_move,
    is_closing,
    is_reopening,
    normalise_status,
)
from adurabi_cli.domain.text import drop_invisible
from adurabi_cli.errors import AdurabiError, InvalidInput, RuleViolation
from adurabi_cli.i18n import N_, _, readable

NUMBER_PREFIX = "PGD"

# The limits of a complaint's own fields are in its description (db.models); validation
# here is given them.
NOTE_MAX = 10_000
# A civil servant's NIP (Nomor Induk Pegawai) has 18 digits.
NIP_DIGITS = 18

# Five digits is the documented width; a year past 99,999 complaints simply grows a digit
# rather than wrapping, so numbers stay unique.
_NUMBER = re.compile(r"PGD-(\d{4})-(\d{5,9})", re.ASCII | re.IGNORECASE)
_ID = re.compile(r"\d{1,18}", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_OPEN = frozenset(OPEN_STATUSES)


def format_number(year: int, sequence: int) -> str:
    """The tracking number, e.g. PGD-2025-00042."""
    return f"{NUMBER_PREFIX}-{year:04d}-{sequence:05d}"


def format_numbers(year: int, first: int, count: int) -> list[str]:
    """count tracking numbers of a year from sequence first on, as format_number writes
    them (one C-level format per number)."""
    return list(map(f"{NUMBER_PREFIX}-{year:04d}-{{:05d}}".format, range(first, first + count)))


def parse_number(text: str, *, field: str = "number") -> tuple[int, int]:
    """(year, sequence) of a tracking number; any case, surrounding spaces ignored."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None or int(match.group(2)) == 0:
        raise InvalidInput(
            _("'{value}' is not a tracking number; use PGD-YYYY-NNNNN").format(value=text.strip()),
            field=field,
        )
    return int(match.group(1)), int(match.group(2))


def parse_ref(text: str) -> int | str:
    """A complaint reference: its id (digits) or its tracking number, normalised."""
    cleaned = text.strip()
    if _ID.fullmatch(cleaned):
        return int(cleaned)
    if _NUMBER.fullmatch(cleaned):
        year, sequence = parse_number(cleaned)
        return format_number(year, sequence)
    raise InvalidInput(
        _(
            "'{cleaned}' is not a complaint reference; use its id or its number (PGD-YYYY-NNNNN)"
        ).format(cleaned=cleaned)
    )


def cell_text(value: Any) -> str | None:
    """Text of a value typed or read from a spreadsheet cell; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets hand back numeric ids such as 123456 as 123456.0.
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def clean_summary(value: Any, *, limit: int, field: str = "summary") -> str:
    """The complaint's summary: required, at most limit characters, line breaks kept."""
    text = _clean_block(value)
    if not text:
        raise InvalidInput(_("summary is empty"), field=field)
    if len(text) > limit:
        raise InvalidInput(
            _("summary is {value} characters long; the limit is {SUMMARY_MAX}").format(
                value=readable(len(text)), SUMMARY_MAX=readable(limit)
            ),
            field=field,
        )
    return text


def clean_note(value: Any, *, what: str = N_("note"), field: str = "note") -> str | None:
    """A free-text note (resolution, reason); None when empty."""
    text = _clean_block(value)
    if not text:
        return None
    if len(text) > NOTE_MAX:
        raise InvalidInput(
            _("{what} is {value} characters long; the limit is {NOTE_MAX}").format(
                what=_(what), value=readable(len(text)), NOTE_MAX=readable(NOTE_MAX)
            ),
            field=field,
        )
    return text


def clean_line(value: Any, *, what: str, limit: int, field: str) -> str | None:
    """A one-line optional value (name, contact, external ref): spaces collapsed; None if empty."""
    raw = value if type(value) is str else cell_text(value)
    if raw is None:
        return None
    # isprintable() is false for any control character, so the regex runs only when needed.
    text = " ".join((raw if raw.isprintable() else _CONTROL.sub(" ", raw)).split())
    if not text:
        return None
    if len(text) > limit:
        raise InvalidInput(
            _("{what} is longer than {limit} characters").format(what=_(what), limit=limit),
            field=field,
        )
    return text


def clean_officer(name: Any, nip: Any, *, limit: int) -> tuple[str, str | None]:
    """The responsible officer's name (required, at most limit characters) and NIP (18
    digits)."""
    text = clean_line(name, what=N_("officer name"), limit=limit, field="officer")
    if text is None:
        raise InvalidInput(_("officer name is empty; use --clear to leave it unassigned"))
    number = clean_line(nip, what="NIP", limit=40, field="officer_nip")
    if number is not None:
        number = number.replace(" ", "")
        if not (number.isascii() and number.isdigit() and len(number) == NIP_DIGITS):
            raise InvalidInput(
                _("NIP '{number}' is not {NIP_DIGITS} digits").format(
                    number=number, NIP_DIGITS=NIP_DIGITS
                ),
                field="officer_nip",
            )
    return text, number


def external_key(ref: str | None) -> str | None:
    """An external ref (SP4N-LAPOR! ticket) as compared: case and spacing ignored."""
    if ref is None:
        return None
    return " ".join(ref.split()).casefold() or None


SATISFACTION = ("puas", "tidak-puas")
_SATISFACTION_ALIASES = {
    "satisfied": "puas",
    "unsatisfied": "tidak-puas",
    "tidak puas": "tidak-puas",
}


def parse_satisfaction(text: str | None) -> str | None:
    """The complainant's verdict on a reply: puas or tidak-puas (English aliases accepted)."""
    if text is None:
        return None
    word = " ".join(text.split()).lower()
    word = _SATISFACTION_ALIASES.get(word, word)
    if word not in SATISFACTION:
        raise InvalidInput(
            _("satisfaction '{value}' is not one of {value2}").format(
                value=text.strip(), value2=", ".join(SATISFACTION)
            ),
            field="satisfaction",
        )
    return word


def parse_flag(value: Any, *, field: str) -> bool:
    """A yes/no value: a bool, 0/1, or a word such as ya/tidak, true/false; empty is no."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if not word or word in FALSE_WORDS:
        return False
    raise InvalidInput(
        _("{field} '{value}' is not yes or no (ya/tidak)").format(
            field=field, value=str(value).strip()
        ),
        field=field,
    )


ON_WITHOUT_CLOSING = f"--on is the close date; give it with --status {', '.join(CLOSED_STATUSES)}"


def status_move(
    current: str, requested: str, note: str | None, *, today: date, closed_on: date | None = None
) -> dict[str, Any]:
    """The fields a status move sets, or the rule that refuses it (docs/design.md section 6).

    Closing sets resolved_on (closed_on, default today) and the resolution (the note);
    reopening clears both. Closing and reopening need a note; a refused move names the
    moves allowed from the current status.
    """
    target = normalise_status(requested)
    if target == current:
        allowed = ", ".join(allowed_moves(current))
        raise RuleViolation(
            _("complaint is already {current}; allowed: {allowed}").format(
                current=current, allowed=allowed
            )
        )
    check_move(current, target, note)
    fields: dict[str, Any] = {"status": target}
    if is_closing(current, target):
        fields["resolved_on"] = closed_on or today
        fields["resolution"] = note.strip() if note else None
    else:
        if closed_on is not None:
            raise InvalidInput(ON_WITHOUT_CLOSING)
        if is_reopening(current, target):
            fields["resolved_on"] = None
            fields["resolution"] = None
    return fields


def like_pattern(text: str) -> str:
    """A LIKE pattern matching text anywhere, with %, _ and the escape itself taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


LIKE_ESCAPE = "\\"


def is_overdue(status: str, due_on: date, today: date) -> bool:
    """Open and past its deadline: the deadline day itself is still on time."""
    return status in _OPEN and today > due_on


def month_key(d: date) -> str:
    """The month a date falls in, as nil reports store it (2025-03)."""
    return f"{d.year:04d}-{d.month:02d}"


@contextmanager
def tag_field(name: str) -> Iterator[None]:
    """Tag an error raised inside with the input field it concerns, unless it names one."""
    try:
        yield
    except AdurabiError as exc:
        if exc.field is None:
            exc.field = name
        raise


def _clean_block(value: Any) -> str:
    """Multi-line text: surrounding blanks and control characters out, line breaks kept."""
    raw = value if type(value) is str else cell_text(value)
    if raw is None:
        return ""
    if raw.isprintable():
        return raw.strip()
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return drop_invisible(_CONTROL.sub(" ", text)).strip()
