"""`adurabi demo`: a year of realistic synthetic data, then this month's recap."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _, ngettext, readable
from adurabi_cli.render.output import emit_json, message, output_format
from adurabi_cli.render.terminal import terminal

# Below this many rows the demo takes a second or two: a bar would only flicker.
PROGRESS_FROM = 50_000


def demo(
    complaints: Annotated[
        int,
        typer.Option("--complaints", metavar="N", help="Complaints to make (0 to 5,000,000)."),
    ] = 2_500,
    news: Annotated[
        int, typer.Option("--news", metavar="N", help="News items to make (0 to 5,000,000).")
    ] = 5_000,
    seed: Annotated[
        int, typer.Option("--seed", metavar="S", help="Random seed: same seed and day, same data.")
    ] = 1,
    out: Annotated[
        Path,
        typer.Option("--out", metavar="DIR", help="Folder for the month's Excel recap."),
    ] = Path("adurabi-demo"),
    as_json: JsonOpt = False,
) -> None:
    """Fill a new database with a year of realistic synthetic data and show this month's recap.

    All active satker, twelve months up to today: busy and quiet units, complaints through
    every channel followed up until today (some late, some still open past their deadline),
    news in every media with engagement, two satker that did not report last month and one
    nil report. Same seed on the same day gives the same data. A second run on the same
    database only shows the recap; a database holding other data is refused.

    Example: adurabi --db demo.db demo --complaints 20000 --news 40000 --seed 7
    """
    from adurabi_cli.domain.dates import format_date_id
    from adurabi_cli.domain.periods import PeriodChoice
    from adurabi_cli.render.recap import emit_recap
    from adurabi_cli.services.demo import check_out, check_sizes, run_demo
    from adurabi_cli.services.period_close import recap_for_cli

    # Refuse bad input before the database is created or opened.
    check_sizes(complaints, news)
    check_out(out)
    fmt = output_format(as_json)
    app_state = state()
    with _progress(complaints, news) as progress:
        result = run_demo(
            app_state.db_target,
            complaints=complaints,
            news=news,
            seed=seed,
            out=out,
            operator=app_state.operator,
            make_folder=app_state.db_source == "default",
            progress=progress,
        )
    reported, labels = recap_for_cli(app_state.store(), PeriodChoice())
    data = reported.data
    if fmt == "json":
        emit_json(data)
    else:
        emit_recap(data, fmt, labels)
    made_for = format_date_id(result.made_for)
    if result.filled:
        message(
            _(
                "Demo data: {complaints} complaints, {news} news items "
                "and {value} for {satker} satker, twelve months to "
                "{made_for} (seed {seed}), in {seconds} s; database: "
                "{location}"
            ).format(
                complaints=readable(result.complaints),
                news=readable(result.news),
                value=ngettext("{n} nil report", "{n} nil reports", result.nil_reports).format(
                    n=readable(result.nil_reports)
                ),
                satker=result.satker,
                made_for=made_for,
                seed=result.seed,
                seconds=readable(result.seconds),
                location=result.location,
            )
        )
    else:
        message(
            _(
                "The database at {location} already holds this demo (seed "
                "{seed}: {complaints} complaints, {news} news items, "
                "made for {made_for}); nothing was added."
            ).format(
                location=result.location,
                seed=result.seed,
                complaints=readable(result.complaints),
                news=readable(result.news),
                made_for=made_for,
            )
        )
    if result.written:
        kanwil, *per_satker = result.written
        if per_satker:
            line = _("Excel recap: {kanwil} and {count} satker files in {folder}").format(
                kanwil=kanwil, count=len(per_satker), folder=per_satker[0].parent
            )
        else:
            line = _("Excel recap: {kanwil}").format(kanwil=kanwil)
        message(line)


@contextmanager
def _progress(complaints: int, news: int) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on stderr for large runs on a terminal; nothing otherwise."""
    term = terminal()
    if not term.stderr_tty or complaints + news < PROGRESS_FROM:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from adurabi_cli.render.output import console

    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True, term=term),
        transient=True,
    ) as bar:
        tasks = {
            "complaints": bar.add_task("complaints", total=complaints),
            "news": bar.add_task("news", total=news),
        }

        def advance(stage: str, done: int, total: int) -> None:
            bar.update(tasks[stage], completed=done, total=total)

        yield advance
