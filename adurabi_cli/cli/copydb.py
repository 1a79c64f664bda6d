"""`adurabi copy-db`: move a whole database between SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt
from adurabi_cli.i18n import _, readable
from adurabi_cli.render.output import Column, emit_json, emit_rows, message, output_format
from adurabi_cli.render.terminal import terminal

COUNT_COLUMNS = (
    Column("table", "Tabel", style="bold"),
    Column("rows", "Baris", justify="right"),
)


def copy_db(
    source: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="PATH_OR_URL",
            help="The database to copy: an SQLite file or a URL.",
            show_default=False,
        ),
    ],
    target: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="PATH_OR_URL",
            help="An empty database to fill: a new SQLite file, or a PostgreSQL database "
            "made with createdb (not `adurabi init`).",
            show_default=False,
        ),
    ],
    batch: Annotated[
        int,
        typer.Option(
            "--batch", help="Rows read and written per batch (1 to 1000000).", show_default=True
        ),
    ] = 10_000,
    as_json: JsonOpt = False,
) -> None:
    """Copy a whole database into an empty one, e.g. from SQLite into PostgreSQL.

    Every table, with the same ids and history. The source is read as one moment while
    others keep working on it; the target gets everything in one transaction, and the rows
    of every table are counted on both sides before it commits. A target that holds any
    data is refused. Prints the rows per table; progress goes to stderr.
    URLs: postgresql://USER:PASSWORD@HOST/DBNAME (needs pip install 'adurabi[postgres]').

    Example: adurabi copy-db --from /srv/humas/adurabi.db --to postgresql://humas@db.kanwil/adurabi
    """
    from adurabi_cli.services.copydb import copy_database

    with _Progress() as bar:
        result = copy_database(
            source, target, batch_rows=batch, progress=bar.update, on_start=bar.start
        )
    rows = [{"table": name, "rows": count} for name, count in result.counts.items()]
    fmt = output_format(as_json)
    if fmt == "json":
        emit_json(
            {
                "source": result.source,
                "target": result.target,
                "tables": result.counts,
                "rows": result.rows,
                "seconds": round(result.seconds, 3),
                "verified": True,
            }
        )
    else:
        emit_rows(rows, COUNT_COLUMNS, fmt, title=f"adurabi copy-db: {result.target}")
    message(
        _(
            "Copied {rows} rows from {source} to {target} in "
            "{seconds} s; the rows of every table match."
        ).format(
            rows=readable(result.rows),
            source=result.source,
            target=result.target,
            seconds=readable(result.seconds),
        )
    )


class _Progress:
    """A bar over every row to copy on a terminal's stderr; nothing when stderr is piped."""

    def __init__(self) -> None:
        self.bar = None
        self.task = None
        self.before = 0  # rows of the tables already finished
        self.table_done = 0

    def __enter__(self) -> _Progress:
        term = terminal()
        if term.stderr_tty:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            from adurabi_cli.render.output import console

            self.bar = Progress(
                TextColumn("{task.description:<16}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console(stderr=True, term=term),
                transient=True,
            )
            self.bar.__enter__()
        return self

    def start(self, counts: dict[str, int]) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("copying", total=sum(counts.values()))

    def update(self, table: str, done: int, total: int) -> None:
        if self.bar is None or self.task is None:
            return
        if done == 0:
            self.before += self.table_done
        self.table_done = done
        self.bar.update(self.task, completed=self.before + done, description=table)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)  # type: ignore[arg-type]
