"""Reading CSV files as operators save them: UTF-8 with or without BOM, ',' or ';'."""

from __future__ import annotations

import csv
from pathlib import Path

from adurabi_cli.domain.text import csv_unguarded
from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.inputfile import check_input_file


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the data rows, each with its row number as a spreadsheet shows it.

    Header names are stripped and lower-cased; cell values are stripped. Blank rows are
    skipped.
    """
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a CSV file")
    check_input_file(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"no file at {path}") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{path} is not UTF-8 text; save it as 'CSV UTF-8' and try again"
        ) from None
    if "\x00" in text:
        raise InvalidInput(f"{path} is not a text CSV file")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InvalidInput(f"{path} is empty; the first row must name the columns")
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
            f"{path.name} is not a readable CSV file (line {reader.line_num}: {exc})"
        ) from None
    return header, rows


def require_columns(header: list[str], required: tuple[str, ...], path: Path) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise InvalidInput(
            f"{path.name} is missing column(s) {', '.join(missing)}; "
            f"the first row must name {', '.join(required)}"
        )
