"""The columns of the Pengaduan and Berita sheets: one list for export, import and template.

Each column names its docs/design.md section 4 field, the Indonesian header operators read,
how its cells are typed and how wide they are, as the record's description in db.models
gives them. The export writes these headers; import accepts either the header or the field
name (any case, any spacing); the template offers the columns a satker fills in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, get_args

from sqlmodel import SQLModel

from adurabi_cli.db.models import (
    COMPLAINT_RECORD,
    COMPLAINT_SHEET,
    NEWS_RECORD,
    NEWS_SHEET,
    PROGRAM,
    ComplaintRecord,
    NewsRecord,
    extra_of,
)
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

# Cell kinds.
TEXT = "text"
DATE = "date"
DATETIME = "datetime"
INT = "int"
BOOL = "bool"
PCT = "pct"
URL = "url"

COMPLAINTS = "complaints"
NEWS = "news"

# The first cell of a sheet's totals row, which import skips.
TOTAL_LABEL = "Jumlah"
# What a recap made without --include-personal writes for a confidential summary; import
# refuses it as a summary.
CONFIDENTIAL_TEXT = "(dirahasiakan)"


@dataclass(frozen=True)
class ExcelColumn:
    field: str
    header: str
    kind: str = TEXT
    width: float = 14
    # Import refuses a file without this column, and a row with this cell blank.
    required: bool = False
    # Complainant identity: left out of exports unless --include-personal.
    personal: bool = False
    # Written by export, understood but ignored by import (derived by the program).
    derived: bool = False
    # Offered in the entry template.
    in_template: bool = True
    # Text that may run to several lines: wrapped in the sheet, newlines kept on import.
    multiline: bool = False
    # Where a drop-down's values come from: satker, status, sentiment, bool or a vocab kind.
    choices: str | None = None
    # A date that may lie ahead (a deadline); other dates in the future are refused.
    future_ok: bool = False
    # What the instructions sheet says the column holds, in Indonesian.
    description: str = ""

    @property
    def is_date(self) -> bool:
        return self.kind in (DATE, DATETIME)


def sheet_columns(model: type[SQLModel], order: Sequence[str]) -> tuple[ExcelColumn, ...]:
    """The columns of a sheet, in order, from a record's description (db.models): the header
    is a field's title, the instructions its description, the rest its json_schema_extra;
    the kind of cell follows the field's type unless it names another (a URL)."""
    columns = []
    for name in order:
        field = model.model_fields[name]
        extra = dict(extra_of(model, name))
        set_by = extra.pop("set_by")
        columns.append(
            ExcelColumn(
                name,
                field.title or name,
                extra.pop("kind", None) or _kind(field.annotation),
                derived=set_by == PROGRAM,
                description=field.description or "",
                **extra,
            )
        )
    return tuple(columns)


def _kind(annotation: Any) -> str:
    """The cell kind of a field's type (`X | None` as X)."""
    types = [t for t in get_args(annotation) if t is not type(None)] or [annotation]
    kind = types[0]
    if kind is bool:
        return BOOL
    if kind is int:
        return INT
    if kind is datetime:
        return DATETIME
    if kind is date:
        return DATE
    return TEXT


COMPLAINT_COLUMNS = sheet_columns(ComplaintRecord, COMPLAINT_SHEET)
NEWS_COLUMNS = sheet_columns(NewsRecord, NEWS_SHEET)

# Columns of a `complaint list --csv` / `news list --csv` file that import recognises and
# leaves alone: the record's fields the sheet has not (the program assigns them itself).
IGNORED_ON_IMPORT: dict[str, tuple[str, ...]] = {
    COMPLAINTS: tuple(name for name in COMPLAINT_RECORD if name not in COMPLAINT_SHEET),
    NEWS: tuple(name for name in NEWS_RECORD if name not in NEWS_SHEET),
}

SHEET_NAMES = {COMPLAINTS: "Pengaduan", NEWS: "Berita"}
KIND_WORDS = {COMPLAINTS: "complaint", NEWS: "news"}


def columns_for(kind: str) -> tuple[ExcelColumn, ...]:
    """The column set of `complaints` or `news`."""
    if kind == COMPLAINTS:
        return COMPLAINT_COLUMNS
    if kind == NEWS:
        return NEWS_COLUMNS
    raise InvalidInput(
        _("unknown kind of record {kind!r}; use complaints or news").format(kind=kind)
    )


def export_columns(kind: str, *, include_personal: bool = False) -> tuple[ExcelColumn, ...]:
    """The columns an export writes: personal ones only when asked for."""
    return tuple(c for c in columns_for(kind) if include_personal or not c.personal)


def template_columns(kind: str) -> tuple[ExcelColumn, ...]:
    """The columns a satker fills in on the entry template."""
    return tuple(c for c in columns_for(kind) if c.in_template)


def header_key(text: object) -> str:
    """A header as compared: case, spacing, underscores and a trailing * or : ignored."""
    cleaned = " ".join(str(text).replace("_", " ").split()).casefold()
    return cleaned.rstrip("*: ").strip()


_LOOKUP_CACHE: dict[str, dict[str, ExcelColumn | None]] = {}


def _lookup(kind: str) -> dict[str, ExcelColumn | None]:
    if kind not in _LOOKUP_CACHE:
        table: dict[str, ExcelColumn | None] = {}
        for column in columns_for(kind):
            table[header_key(column.header)] = column
            table[header_key(column.field)] = column
        for name in IGNORED_ON_IMPORT[kind]:
            table.setdefault(header_key(name), None)
        _LOOKUP_CACHE[kind] = table
    return _LOOKUP_CACHE[kind]


_MISSING = object()


def find_column(kind: str, header: object) -> ExcelColumn | None:
    """The column a header names (Indonesian header or field name); None if ignored.

    Raises InvalidInput for a header that names no column of this kind.
    """
    found = _lookup(kind).get(header_key(header), _MISSING)
    if found is _MISSING:
        raise InvalidInput(
            _("unknown column {value!r}").format(value=" ".join(str(header).split()))
        )
    return found  # type: ignore[return-value]


def is_known_header(kind: str, header: object) -> bool:
    """Whether a header names a column of this kind, or one import ignores."""
    return header_key(header) in _lookup(kind)


def describe_headers(columns: Iterable[ExcelColumn]) -> str:
    """The headers for a message, e.g. `Satker, Tanggal Diterima`."""
    return ", ".join(c.header for c in columns)
