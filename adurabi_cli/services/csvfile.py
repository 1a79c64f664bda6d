"""Reading CSV files as operators save them: UTF-8 with or without BOM, ',' or ';'."""

from __future__ import annotations

import csv
from pathlib import Path

from adurabi_cli.domain.text import csv_unguarded
from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.inputfile import check_input_file
from adurabi_cli.i18n import _


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the data rows, each with its row number as a spreadsheet shows it.

    Header names are stripped and lower-cased; cell values are stripped. Blank rows are
    skipped.
    """
    if path.is_dir():
        raise InvalidInput(_("{path} is a folder, not a CSV file").format(path=path))
    check_input_file(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(_("no file at {path}").format(path=path)) from None
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path}: {strerror}").format(path=path, strerror=exc.strerror)
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            _("{path} is not UTF-8 text; save it as 'CSV UTF-8' and try again").format(path=path)
        ) from None
    if "\x00" in text:
        raise InvalidInput(_("{path} is not a text CSV file").format(path=path))
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InvalidInput(
            _("{path} is empty; the first row must name the columns").format(path=path)
        )
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    # strict: a stray opening quote would otherwise swallow every later line into one cell.
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter, strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [name.strip().lower() for name in next(reader)]
        first_line = reader.line_num + 1
        for cells in reader:
            # A quoted cell may span lines; the row starts where the previous one ended.
            number, first_line = first_line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            values = {
                name: (csv_unguarded(cells[i].strip()) if i < len(cells) else "")
                for i, name in enumerate(header)
            }
            rows.append((number, values))
    except csv.Error as exc:
        raise InvalidInput(
            _("{name} is not a readable CSV file (line {line_num}: {exc})").format(
                name=path.name, line_num=reader.line_num, exc=exc
            )
        ) from None
    return header, rows


def require_columns(header: list[str], required: tuple[str, ...], path: Path) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise InvalidInput(
            _("{name} is missing column(s) {value}; the first row must name {value2}").format(
                name=path.name, value=", ".join(missing), value2=", ".join(required)
            )
        )
