"""`adurabi monitor`: every satker's open, overdue and recent activity, refreshed live."""

from __future__ import annotations

from typing import Annotated

import typer

from adurabi_cli.cli.state import state
from adurabi_cli.render.output import emit_json, output_format


def monitor(
    interval: Annotated[
        float,
        typer.Option(
            "--interval",
            "-i",
            metavar="SECONDS",
            help="Seconds between refreshes (at least 1).",
            show_default=True,
        ),
    ] = 5.0,
    once: Annotated[bool, typer.Option("--once", help="Print one snapshot and exit.")] = False,
    count: Annotated[
        int,
        typer.Option(
            "--count",
            metavar="N",
            help="Stop after N refreshes (0 = until Ctrl-C).",
            show_default=True,
        ),
    ] = 0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one snapshot as JSON and exit.")
    ] = False,
) -> None:
    """Watch every satker live: open, overdue, due soon, this month's entries, last entry.

    Full screen on a terminal, refreshed from the shared database every few seconds; Ctrl-C
    leaves (exit 0). Piped, each refresh prints tab-separated rows tagged snapshot, satker
    and overdue.

    Example: adurabi monitor --interval 10
    """
    from adurabi_cli.render.monitor import emit_snapshot, run_live
    from adurabi_cli.services.monitor import check_count, check_interval, refreshes, take_snapshot

    check_interval(interval)
    check_count(count)
    fmt = output_format(as_json)
    store = state().store(read_only=True)
    if fmt == "json":
        emit_json(take_snapshot(store))
    elif once:
        emit_snapshot(take_snapshot(store), fmt)
    else:
        run_live(refreshes(store, interval, count=count), interval=interval, fmt=fmt)
