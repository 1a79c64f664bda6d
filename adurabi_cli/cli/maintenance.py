"""`adurabi backup` and `adurabi doctor`: looking after the shared database file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _, readable
from adurabi_cli.render.output import (
    Column,
    emit_json,
    emit_line,
    emit_rows,
    message,
    output_format,
)

CHECK_COLUMNS = (
    Column("name", "Pemeriksaan", style="bold"),
    Column("status", "Hasil"),
    Column("message", "Keterangan", max_width=90),
)
STATUS_STYLE = {"warn": "yellow", "fail": "bold red"}


def backup(
    dest: Annotated[
        Path,
        typer.Argument(
            metavar="DEST",
            help="File to write the copy to; its folder must exist.",
            show_default=False,
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace DEST if it exists.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Copy the database to DEST while others keep writing, and check the copy.

    The copy is one consistent moment of the database (SQLite's online backup).
    It must pass integrity_check before it is renamed to DEST.
    A failed or interrupted backup leaves nothing under DEST.
    Prints the path on stdout, the size and time on stderr.

    Example: adurabi backup /var/backups/adurabi/adurabi-2025-04-30.db
    """
    from adurabi_cli.services.maintenance import backup as run_backup
    from adurabi_cli.services.maintenance import human_size

    store = state().store(read_only=True, older_schema=True)
    result = run_backup(store, dest, force=force)
    record = {
        "path": str(result.path),
        "source": store.location,
        "size_bytes": result.size_bytes,
        "pages": result.pages,
        "seconds": round(result.seconds, 3),
        "restarts": result.restarts,
        "integrity": "ok",
    }
    if as_json:
        emit_json(record)
        return
    emit_line(record["path"])
    message(
        _("Backed up {location} ({value}) in {seconds} s; the copy passed integrity_check.").format(
            location=store.location,
            value=human_size(result.size_bytes),
            seconds=readable(result.seconds),
        )
    )


def doctor(
    as_json: JsonOpt = False,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick", help="Run the faster quick_check instead of the full integrity_check."
        ),
    ] = False,
) -> None:
    """Check the database: integrity, schema, journal, filesystem, disk, permissions, activity.

    Each check says ok, warn or fail with a sentence; it never writes to the database file.
    Exits 3 when the database is damaged or cannot be used; warnings keep exit 0.

    Example: adurabi doctor --json
    """
    from adurabi_cli.errors import StorageError
    from adurabi_cli.services.doctor import diagnose

    diagnosis = diagnose(state().db_target, quick=quick)
    fmt = output_format(as_json)
    if fmt == "json":
        emit_json(diagnosis.as_dict())
    else:
        emit_rows(
            [check.__dict__ for check in diagnosis.checks],
            CHECK_COLUMNS,
            fmt,
            title=f"adurabi doctor: {diagnosis.location}",
            row_style=lambda row: STATUS_STYLE.get(row["status"]),
        )
    failure = diagnosis.failure
    if failure is not None:
        raise StorageError(failure.message)
    warnings = sum(1 for check in diagnosis.checks if check.status == "warn")
    if fmt != "json":
        message(
            _("{count} warning(s), no failure.").format(count=warnings)
            if warnings
            else _("Every check passed.")
        )
