"""One way to print records, lists and messages, whatever the command."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from adurabi_cli.domain.dates import format_date_id
from adurabi_cli.domain.text import csv_guarded
from adurabi_cli.i18n import _
from adurabi_cli.render.terminal import Terminal, terminal


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: str = "left"
    style: str | None = None
    fmt: Callable[[Any], str] | None = None
    max_width: int | None = None
    # On a terminal the text stops at max_width with "…" instead of folding; piped rows,
    # CSV and JSON always carry the whole text.
    cut: bool = False

    def text(self, row: dict[str, Any]) -> str:
        value = row.get(self.key)
        if self.fmt is not None:
            return self.fmt(value)
        return plain_value(value)


def plain_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(plain_value(item) for item in value)
    return str(value)


def date_id(value: Any) -> str:
    """A date as the tables show it, 24/03/2025 (the day of a moment); anything else as
    plain_value."""
    return format_date_id(value) if isinstance(value, date) else plain_value(value)


def moment(value: Any) -> str:
    """A moment as the tables show it, 24/03/2025 14:05; anything else as date_id."""
    if isinstance(value, datetime):
        return f"{date_id(value)} {value:%H:%M}"
    return date_id(value)


def display(value: Any) -> Any:
    """A record's value as its view shows it: dates and moments as the tables write them,
    anything else as it is."""
    return moment(value) if isinstance(value, date) else value


def stored_time(value: datetime) -> str:
    """A timestamp as scripts read it (JSON, CSV): in UTC, as stored, whatever the office's
    zone; the times people read (tables, workbooks) are in the office's zone."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="seconds")


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return stored_time(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(data, default=json_default, ensure_ascii=False, indent=2)


def output_format(as_json: bool, as_csv: bool = False, as_csv_excel: bool = False) -> str:
    """'json', 'csv', 'csv-excel', 'table' (a terminal) or 'plain' (piped)."""
    if as_json + as_csv + as_csv_excel > 1:
        from adurabi_cli.errors import InvalidInput

        chosen = [("--json", as_json), ("--csv", as_csv), ("--csv-excel", as_csv_excel)]
        raise InvalidInput("choose one of " + " and ".join(name for name, on in chosen if on))
    if as_json:
        return "json"
    if as_csv:
        return "csv"
    if as_csv_excel:
        return "csv-excel"
    return "table" if terminal().stdout_tty else "plain"


def for_scripts(fmt: str) -> bool:
    """Whether `fmt` carries every field as stored (JSON or CSV) rather than a reading view."""
    return fmt in ("json", "csv", "csv-excel")


def console(stderr: bool = False, term: Terminal | None = None):
    """A rich console on stdout or stderr, coloured only where the terminal allows."""
    from rich.console import Console

    term = term or terminal()
    return Console(
        file=term.stderr if stderr else term.stdout,
        force_terminal=(term.stderr_tty if stderr else term.stdout_tty),
        no_color=not term.color,
        highlight=False,
        soft_wrap=False,
    )


def emit_json(data: Any) -> None:
    term = terminal()
    term.stdout.write(to_json(data) + "\n")


def emit_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    fields: Sequence[str] | None = None,
    title: str | None = None,
    row_style: Callable[[dict[str, Any]], str | None] | None = None,
    empty: str | None = None,
) -> None:
    """Print a list: JSON/CSV carry every field (or `fields`), table/plain the columns."""
    term = terminal()
    if fmt == "json":
        keys = list(fields) if fields else None
        data = [{k: row.get(k) for k in keys} if keys else dict(row) for row in rows]
        term.stdout.write(to_json(data) + "\n")
        return
    if fmt in ("csv", "csv-excel"):
        keys = (
            list(fields) if fields else (list(rows[0].keys()) if rows else [c.key for c in columns])
        )
        if fmt == "csv":
            writer = csv.writer(term.stdout, lineterminator="\n")
        else:
            # Excel on a Windows set to Indonesian splits columns at ';' (its list separator)
            # and reads the file as UTF-8 only when it starts with a byte order mark.
            term.stdout.write("\ufeff")
            writer = csv.writer(term.stdout, delimiter=";", lineterminator="\r\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_csv_value(row.get(k)) for k in keys])
        return
    if fmt == "plain":
        for row in rows:
            term.stdout.write("\t".join(_one_line(c.text(row)) for c in columns) + "\n")
        return
    if not rows:
        message(empty if empty is not None else _("nothing to show"))
        return
    from rich.table import Table

    table = Table(title=title, header_style="bold", expand=False)
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            style=column.style,
            max_width=column.max_width,
            overflow="ellipsis" if column.cut else "fold",
            no_wrap=column.cut,
        )
    for row in rows:
        table.add_row(*(c.text(row) for c in columns), style=row_style(row) if row_style else None)
    console(term=term).print(table)


def emit_record(record: dict[str, Any], labels: Iterable[tuple[str, str]], fmt: str) -> None:
    """Print one record: JSON as an object, otherwise one 'Label: value' line per field."""
    term = terminal()
    if fmt == "json":
        term.stdout.write(to_json(record) + "\n")
        return
    if fmt == "table":
        from rich.table import Table

        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for key, label in labels:
            table.add_row(label, plain_value(record.get(key)))
        console(term=term).print(table)
        return
    for key, label in labels:
        term.stdout.write(f"{label}\t{_one_line(plain_value(record.get(key)))}\n")


def emit_line(text: str) -> None:
    """One line of data on stdout (a tracking number, an id, a path)."""
    terminal().stdout.write(text + "\n")


def message(text: str, style: str | None = None) -> None:
    """A human message on stderr."""
    term = terminal()
    if term.stderr_tty and style:
        console(stderr=True, term=term).print(text, style=style, markup=False)
    else:
        term.stderr.write(text + "\n")


def _csv_value(value: Any) -> str:
    """A field as a CSV cell; text that starts like a formula gets OWASP's leading '."""
    if isinstance(value, str):
        return csv_guarded(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return stored_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):  # several codes in one cell, as import reads them
        return csv_guarded("; ".join(str(item) for item in value))
    return "" if value is None else str(value)


def _one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
