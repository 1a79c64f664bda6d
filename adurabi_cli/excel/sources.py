"""Opening an import file: a workbook (.xlsx, .xls, .ods) or a CSV, and reading its rows.

Workbooks are read with python-calamine, which types dates and numbers itself; a CSV with
the standard library. Each source gives its rows as (row number as a spreadsheet shows it,
cell values); the header search and the column mapping live in `reader`. Every way a file
can be unusable ends in one InvalidInput sentence naming the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from adurabi_cli.domain.text import CSV_GUARD, csv_unguarded
from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.inputfile import check_input_file
from adurabi_cli.excel.sheet_xml import SheetMarks, sheet_marks
from adurabi_cli.i18n import _

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Compound File Binary: old .xls files, and any password-protected Office file.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods")
# What an .xlsx or .ods may decompress to unless the operator allows more: far above any
# office's monthly file, far below what would exhaust an office computer's memory.
DEFAULT_MAX_UNPACKED_MB = 200
# What a damaged or truncated zip raises somewhere inside zipfile or zlib.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError)
_CHUNK = 1 << 20

Rows = Iterator[tuple[int, Sequence[Any]]]


@dataclass
class Source:
    """An opened file: ways to read its rows, and what is known about it.

    `variants` are alternative readings, likeliest first (a CSV under each separator); the
    header search keeps the first in which it finds the header row.
    """

    name: str
    variants: list[Callable[[], Rows]]
    sheet: str | None = None
    # (first row, last row, ref) of merged ranges, for the header check; workbooks only.
    merges: list[tuple[int, int, str]] = field(default_factory=list)
    # (row, column index) of the cells holding a formula; xlsx only.
    formulas: frozenset[tuple[int, int]] = frozenset()
    # (row, column index) -> the web address a cell links to; xlsx only.
    links: dict[tuple[int, int], str] = field(default_factory=dict)


def open_source(
    path: Path, preferred_sheet: str, *, max_unpacked_mb: int = DEFAULT_MAX_UNPACKED_MB
) -> Source:
    """Open path as a workbook or CSV by what its bytes say, not only by its name."""
    if path.is_dir():
        raise InvalidInput(_("{path} is a folder, not a file").format(path=path))
    check_input_file(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InvalidInput(_("no file at {path}").format(path=path)) from None
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    if not head:
        raise InvalidInput(_("{name} is empty").format(name=path.name))
    if head.startswith(ZIP_MAGIC):
        _check_package(path, max_unpacked_mb)
        return _open_workbook(path, preferred_sheet, package=True)
    if head.startswith(CFB_MAGIC):
        if _holds(path, _ENCRYPTED_STREAM):
            raise InvalidInput(
                _(
                    "{name} is password-protected; open it in Excel, remove the "
                    "password (File > Info > Protect Workbook) and save it again"
                ).format(name=path.name)
            )
        return _open_workbook(path, preferred_sheet)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise InvalidInput(
            _(
                "{name} is not an Excel workbook (.xlsx); it is damaged or another kind of file"
            ).format(name=path.name)
        )
    return _open_csv(path)


# --- CSV --------------------------------------------------------------------------------------


def _open_csv(path: Path) -> Source:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(
            _("{name} is UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8'").format(
                name=path.name
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            _(
                "{name} is not UTF-8 text (line {line}); save it as 'CSV UTF-8' and try again"
            ).format(name=path.name, line=line)
        ) from None
    if "\x00" in text:
        raise InvalidInput(_("{name} is not a text CSV file").format(name=path.name))
    if not text.strip():
        raise InvalidInput(
            _("{name} is empty; the first row must name the columns").format(name=path.name)
        )
    return Source(
        name=path.name, variants=[_csv_reading(path.name, text, d) for d in delimiters(text)]
    )


# The start of a CSV the separator is guessed from (not a whole large file split into lines).
_HEAD_CHARS = 65_536


def delimiters(text: str) -> list[str]:
    """Candidate separators, likeliest first: the one used most in the first lines."""
    head = "\n".join(text[:_HEAD_CHARS].lstrip("\r\n").splitlines()[:5])
    return sorted((",", ";", "\t"), key=lambda d: -head.count(d))


# Line breaks str.splitlines knows beyond \r and \n; a CSV's lines end only at those two.
_OTHER_BREAKS = ("\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def csv_lines(text: str) -> Iterable[str]:
    """The lines of a CSV text, each with its ending, as csv.reader wants them: a list made
    by str.splitlines where that splits only at \r, \n and \r\n, else a StringIO."""
    if any(mark in text for mark in _OTHER_BREAKS):
        return io.StringIO(text, newline="")
    return text.splitlines(keepends=True)


def _csv_reading(name: str, text: str, delimiter: str) -> Callable[[], Rows]:
    return lambda: _csv_records(name, csv_lines(text), delimiter)


def _csv_records(name: str, lines: Iterable[str], delimiter: str) -> Rows:
    """A CSV's records as (number, cells), numbered as a spreadsheet shows its rows: a
    quoted cell spanning lines makes one row."""
    # strict: a stray opening quote would otherwise swallow every later line into one
    # cell, and the file would import as far fewer rows without a word.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        for number, cells in enumerate(reader, 1):
            # A `list --csv` file read back: its guarded cells ('=...) are their text again.
            if any(cell.startswith(CSV_GUARD) for cell in cells):
                cells = [csv_unguarded(cell) for cell in cells]
            yield number, cells
    except csv.Error as exc:
        raise InvalidInput(
            _("{name} is not a readable CSV file (line {line_num}: {exc})").format(
                name=name, line_num=reader.line_num, exc=exc
            )
        ) from None


# --- workbooks --------------------------------------------------------------------------------


def _damaged(path: Path) -> InvalidInput:
    suffix = path.suffix.lower()
    kind = suffix if suffix in WORKBOOK_SUFFIXES else ".xlsx"
    return InvalidInput(
        _("{name} is damaged (not a readable {kind} workbook)").format(name=path.name, kind=kind)
    )


def _holds(path: Path, needle: bytes) -> bool:
    """Whether the file's bytes contain needle anywhere (read in chunks)."""
    carry = b""
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                if needle in carry + chunk:
                    return True
                carry = chunk[-len(needle) :]
    except OSError:
        return False
    return False


def _check_package(path: Path, max_unpacked_mb: int) -> None:
    """Say what a zip file is when it is not a workbook; refuse one that unpacks to more
    than max_unpacked_mb.

    The members' declared sizes are checked first; then each is inflated here in chunks
    (zipfile never gives more than a member declares, and checks its CRC), so a file that
    lies about its sizes is refused before calamine reads it.
    """
    limit = max_unpacked_mb * 2**20
    too_large = InvalidInput(
        _(
            "{name} unpacks to more than {max_unpacked_mb} MB; if it is "
            "a genuine workbook, raise the limit with --max-unpacked MB"
        ).format(name=path.name, max_unpacked_mb=max_unpacked_mb)
    )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            workbook = "xl/workbook.xml" in names or "xl/workbook.bin" in names
            if not workbook and b"opendocument.spreadsheet" not in mimetype:
                raise InvalidInput(
                    _("{name} is a zip file but not an Excel workbook").format(name=path.name)
                )
            if sum(member.file_size for member in members) > limit:
                raise too_large
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise too_large
    except _ZIP_ERRORS:
        raise _damaged(path) from None


def _open_workbook(path: Path, preferred: str, *, package: bool = False) -> Source:
    """Read the preferred sheet (else the first visible one) of a workbook; for a zip
    package (.xlsx), which of its cells hold a formula and the addresses they link to."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    errors = (CalamineError, ElementTree.ParseError, expat.ExpatError, *_ZIP_ERRORS)
    marks = SheetMarks()
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        visible = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible
        ]
        if not visible:
            raise InvalidInput(_("{name} has no worksheet").format(name=path.name))
        name = next((s for s in visible if s.strip().lower() == preferred.lower()), visible[0])
        sheet = workbook.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        merges = [_merge(*cells) for cells in (sheet.merged_cell_ranges or [])]
        if package:
            with zipfile.ZipFile(path) as archive:
                width = max(map(len, rows), default=0)
                marks = sheet_marks(archive, name, len(rows), width)
    except errors as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise InvalidInput(
                _("{name} is password-protected; remove the password").format(name=path.name)
            ) from None
        raise _damaged(path) from None
    finally:
        if "workbook" in locals():
            workbook.close()
    return Source(
        name=path.name,
        variants=[lambda: iter(enumerate(rows, 1))],
        sheet=name,
        merges=merges,
        formulas=marks.formulas,
        links=marks.links,
    )


def _merge(first: tuple[int, int], last: tuple[int, int]) -> tuple[int, int, str]:
    """(first row, last row, A1 reference) of a merged range given 0-based (row, column)."""
    ref = f"{column_letter(first[1])}{first[0] + 1}:{column_letter(last[1])}{last[0] + 1}"
    return first[0] + 1, last[0] + 1, ref


def column_letter(index: int) -> str:
    """A spreadsheet's column letters of a 0-based column index: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
