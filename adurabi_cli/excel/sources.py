"""Opening an import file: telling .xlsx from .csv from everything else, and reading rows.

Each source yields its rows as (row number as a spreadsheet shows it, cell values); the
header search and the column mapping live in `reader`. Every way a file can be unusable
ends in one InvalidInput sentence naming the file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.inputfile import check_input_file

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Compound File Binary: old .xls files, and any password-protected Office file.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
# What a damaged or truncated workbook raises somewhere inside zipfile, zlib or openpyxl
# (with openpyxl's own InvalidFileException, added where openpyxl is loaded: a CSV import
# never loads it).
BROKEN_FILE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    EOFError,
    ValueError,
    TypeError,
    OSError,
)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z$]+\d+(?::[A-Za-z$]+\d+)?)"')
_CHUNK = 1 << 20
_OVERLAP = 1024


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
    sheet_names: tuple[str, ...] = ()
    size_hint: int | None = None
    # (first row, last row, ref) of merged ranges, for the header check; xlsx only.
    merges: list[tuple[int, int, str]] = field(default_factory=list)
    close: Callable[[], None] = lambda: None


def open_source(path: Path, preferred_sheet: str) -> Source:
    """Open path as a workbook or CSV by what its bytes say, not only by its name."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a file")
    check_input_file(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InvalidInput(f"no file at {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if not head:
        raise InvalidInput(f"{path.name} is empty")
    if head.startswith(ZIP_MAGIC):
        return _open_workbook(path, preferred_sheet)
    if head.startswith(CFB_MAGIC):
        raise InvalidInput(_cfb_reason(path))
    if suffix in XLSX_SUFFIXES or suffix in (".xls", ".xlsb", ".ods"):
        raise InvalidInput(
            f"{path.name} is not an Excel workbook (.xlsx); it is damaged or another kind of file"
        )
    return _open_csv(path)


# --- CSV --------------------------------------------------------------------------------------


def _open_csv(path: Path) -> Source:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(
            f"{path.name} is UTF-16 text (Excel's 'Unicode Text'); save it as 'CSV UTF-8'"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{path.name} is not UTF-8 text (line {line}); save it as 'CSV UTF-8' and try again"
        ) from None
    if "\x00" in text:
        raise InvalidInput(f"{path.name} is not a text CSV file")
    if not text.strip():
        raise InvalidInput(f"{path.name} is empty; the first row must name the columns")
    return Source(
        name=path.name,
        variants=[_csv_reading(path.name, text, d) for d in delimiters(text)],
        size_hint=text.count("\n"),
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
    """The lines of a CSV text, each with its ending, as csv.reader wants them.

    A list made by str.splitlines where that splits only at \r, \n and \r\n (almost
    always: a third faster to read than a StringIO, and a quarter of its memory);
    otherwise a StringIO, which breaks lines at those alone.
    """
    if any(mark in text for mark in _OTHER_BREAKS):
        return io.StringIO(text, newline="")
    return text.splitlines(keepends=True)


def _csv_reading(name: str, text: str, delimiter: str) -> Callable[[], Rows]:
    return lambda: CsvRecords(name, csv_lines(text), delimiter)


class CsvRecords:
    """A CSV's records as (number, cells), numbered as a spreadsheet shows its rows: a
    quoted cell spanning lines makes one row.

    `rest` starts a second reader where this one stands, so that two processes can each
    read a part of a large file (see ImportTable.split).
    """

    def __init__(
        self, name: str, lines: Iterable[str], delimiter: str, *, line: int = 0, number: int = 0
    ) -> None:
        self._name, self._delimiter = name, delimiter
        # The lines as a list, from any of which `rest` can start a reader.
        self._list = lines if isinstance(lines, list) else None
        self._line = line  # lines of the file before this reader's first
        # strict: a stray opening quote would otherwise swallow every later line into one
        # cell, and the file would import as far fewer rows without a word.
        self._reader = csv.reader(islice(lines, line, None), delimiter=delimiter, strict=True)
        self._records = self._read(number)

    def __iter__(self) -> Rows:
        return self._records

    def __next__(self) -> tuple[int, Sequence[Any]]:
        return next(self._records)

    def _read(self, number: int) -> Rows:
        reader = self._reader
        try:
            yield from enumerate(reader, number + 1)
        except csv.Error as exc:
            raise InvalidInput(
                f"{self._name} is not a readable CSV file (line {self.line}: {exc})"
            ) from None

    @property
    def line(self) -> int:
        """The lines of the file read so far (to the end of the last record read)."""
        return self._line + self._reader.line_num

    @property
    def lines(self) -> int:
        """The lines of the file (see can_split)."""
        return 0 if self._list is None else len(self._list)

    @property
    def can_split(self) -> bool:
        """Whether `rest` can start a reader at a given line (the lines are a list)."""
        return self._list is not None

    def rest(self, after: int) -> CsvRecords:
        """A reader of the records after record number `after`, the last one read from
        here, from the next line on (see can_split).

        Between two records csv.reader holds nothing but its line count: the new reader
        reads exactly as this one goes on.
        """
        assert self._list is not None
        return CsvRecords(self._name, self._list, self._delimiter, line=self.line, number=after)


# --- xlsx -------------------------------------------------------------------------------------


def _cfb_reason(path: Path) -> str:
    if _holds(path, _ENCRYPTED_STREAM):
        return (
            f"{path.name} is password-protected; open it in Excel, remove the password "
            "(File > Info > Protect Workbook) and save it again"
        )
    return f"{path.name} is an old Excel 97-2003 (.xls) or other Office file; save it as .xlsx"


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


def _check_package(path: Path, handle: BinaryIO) -> None:
    """Say what a zip file is when it is not an .xlsx workbook."""
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except BROKEN_FILE_ERRORS:
        raise InvalidInput(f"{path.name} is damaged (not a readable .xlsx workbook)") from None
    finally:
        handle.seek(0)
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise InvalidInput(f"{path.name} is a binary workbook (.xlsb); save it as .xlsx")
    if b"opendocument.spreadsheet" in mimetype:
        raise InvalidInput(f"{path.name} is an OpenDocument spreadsheet (.ods); save it as .xlsx")
    raise InvalidInput(f"{path.name} is a zip file but not an Excel workbook")


def _open_workbook(path: Path, preferred: str) -> Source:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    handle = path.open("rb")
    try:
        _check_package(path, handle)
        try:
            wb = load_workbook(handle, read_only=True, data_only=True)
        except (*BROKEN_FILE_ERRORS, InvalidFileException):
            raise InvalidInput(f"{path.name} is damaged (not a readable .xlsx workbook)") from None
        sheets = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        if not sheets:
            raise InvalidInput(f"{path.name} has no worksheet")
        ws = next((s for s in sheets if s.title.strip().lower() == preferred.lower()), sheets[0])
        merges, rows = _scan_sheet(path, getattr(ws, "_worksheet_path", None))
        size = rows or ws.max_row
        ws.reset_dimensions()
    except BaseException:
        handle.close()
        raise

    def close() -> None:
        wb.close()
        handle.close()

    return Source(
        name=path.name,
        variants=[lambda: _guarded(path, enumerate(ws.iter_rows(min_row=1, values_only=True), 1))],
        sheet=ws.title,
        sheet_names=tuple(s.title for s in sheets),
        size_hint=size,
        merges=merges,
        close=close,
    )


def _guarded(path: Path, rows: Rows) -> Rows:
    """Rows of a workbook whose damage may only show part-way through."""
    try:
        yield from rows
    except BROKEN_FILE_ERRORS:
        raise InvalidInput(f"{path.name} is damaged (not a readable .xlsx workbook)") from None


def _scan_sheet(path: Path, sheet_path: str | None) -> tuple[list[tuple[int, int, str]], int]:
    """Merged ranges and the number of rows of one sheet, from a byte scan of its XML.

    Read-only mode reports neither (the <mergeCells> element follows all the rows, and a
    write-only writer leaves out the sheet's dimension), so the sheet is decompressed in
    chunks and searched, never parsed or held whole.
    """
    if not sheet_path:
        return [], 0
    found: list[tuple[int, int, str]] = []
    rows = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open(sheet_path.lstrip("/")) as xml:
            carry = b""
            while chunk := xml.read(_CHUNK):
                # A hint for progress bars: rows split across chunks may go uncounted.
                rows += chunk.count(b"<row ") + chunk.count(b"<row>")
                buffer = carry + chunk
                if b"mergeCell" in buffer:
                    for match in _MERGE.finditer(buffer):
                        if match.end() > len(carry):
                            found.append(_merge_rows(match.group(1).decode("ascii")))
                carry = buffer[-_OVERLAP:]
    except BROKEN_FILE_ERRORS:
        raise InvalidInput(f"{path.name} is damaged (not a readable .xlsx workbook)") from None
    return found, rows


def _merge_rows(ref: str) -> tuple[int, int, str]:
    from openpyxl.utils.cell import range_boundaries

    ref = ref.replace("$", "").upper()
    _, min_row, _, max_row = range_boundaries(ref)
    return int(min_row or 0), int(max_row or min_row or 0), ref
