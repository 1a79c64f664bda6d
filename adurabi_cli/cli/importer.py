"""`adurabi import complaints|news FILE`: a spreadsheet of records in, all or nothing."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from adurabi_cli.cli.options import DryRunOpt, JsonOpt
from adurabi_cli.cli.period import warn_closed_days
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import N_, _
from adurabi_cli.render.output import emit_json, message

# Below this many rows an import is over before a bar would be worth drawing.
PROGRESS_MIN_ROWS = 5000
# Duplicates listed on stderr; --json lists every one.
SHOWN_DUPLICATES = 10
_WORDS = {"complaints": N_("complaint(s)"), "news": N_("news item(s)")}
_PHASES = {"write": N_("Writing"), "duplicates": N_("Checking duplicates")}


class ImportKind(StrEnum):
    complaints = "complaints"
    news = "news"


def import_(
    kind: Annotated[
        ImportKind,
        typer.Argument(metavar="KIND", help="complaints (pengaduan) or news (berita)."),
    ],
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help=".xlsx, .xls or .ods (a recap's or the template's sheet) or .csv (UTF-8).",
        ),
    ],
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
    max_unpacked: Annotated[
        int,
        typer.Option(
            "--max-unpacked",
            metavar="MB",
            help="Refuse an .xlsx/.ods that unpacks to more than this many MB (default 200).",
        ),
    ] = 200,
) -> None:
    """Import complaints or news from a workbook or CSV file, all or nothing.

    Reads the Pengaduan / Berita sheet of a recap made by `export` or of the entry
    template (.xlsx, .xls or .ods), or a CSV (UTF-8, `,` or `;`), with Indonesian
    headers or field names.
    Any bad row rejects the whole file, listing every bad row (row, column, reason).
    Records already stored (same number, external reference or URL) are reported and
    skipped, never stored twice.

    Example: adurabi import complaints isian-pengaduan.xlsx --dry-run
    """
    from adurabi_cli.services.importer import import_file

    app_state = state()
    with _ProgressBar() as bar:
        report = import_file(
            app_state.store(),
            kind.value,
            file,
            operator=app_state.operator,
            dry_run=dry_run,
            progress=bar,
            max_unpacked_mb=max_unpacked,
        )
    warn_closed_days(report.months)
    if as_json:
        emit_json(report.as_json())
        return
    words = _(_WORDS[kind.value])
    skipped = len(report.duplicates)
    if dry_run:
        message(
            _(
                "Checked {rows} row(s) of {name}: {imported} {words} would "
                "be imported, {skipped} duplicate(s) skipped. Nothing was "
                "written (--dry-run)."
            ).format(
                rows=report.rows,
                name=file.name,
                imported=report.imported,
                words=words,
                skipped=skipped,
            )
        )
    else:
        message(
            _("Imported {imported} {words} from {name}; {skipped} duplicate(s) skipped.").format(
                imported=report.imported, words=words, name=file.name, skipped=skipped
            )
        )
    for item in report.duplicates[:SHOWN_DUPLICATES]:
        message(
            _("  duplicate: row {value}: {value2}").format(value=item["row"], value2=item["reason"])
        )
    if skipped > SHOWN_DUPLICATES:
        message(
            _("  ... and {value} more (all of them with --json)").format(
                value=skipped - SHOWN_DUPLICATES
            )
        )


class _ProgressBar:
    """A rich progress bar on stderr, drawn only on a terminal and for a large file."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None
        self._decided = False

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if not self._decided:
            self._decided = True
            self._start(total)
        if self._progress is None:
            return
        if phase in _PHASES:
            self._progress.update(
                self._task, description=_(_PHASES[phase]), completed=done, total=done or None
            )
        else:
            grown = max(total or 0, done)
            self._progress.update(self._task, completed=done, total=grown or None)
        self._progress.refresh()

    def _start(self, total: int | None) -> None:
        from adurabi_cli.render.terminal import terminal

        term = terminal()
        if not term.stderr_tty or (total or 0) < PROGRESS_MIN_ROWS:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        from adurabi_cli.render.output import console

        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console(stderr=True, term=term),
            transient=True,
            auto_refresh=False,
        )
        self._task = self._progress.add_task("Checking rows", total=total)
        self._progress.start()
