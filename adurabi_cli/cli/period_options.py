"""The period options of the reports (recap, export, news top), spelled once."""

from __future__ import annotations

from typing import Annotated

import typer

QuarterOpt = Annotated[
    str | None,
    typer.Option("--quarter", help="Quarter (triwulan): YYYY-Qn or YYYY-n, e.g. 2026-Q3."),
]
YearOpt = Annotated[str | None, typer.Option("--year", help="Year: YYYY, e.g. 2026.")]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="First day: DD/MM/YYYY, YYYY-MM-DD or '15 Mar 2025' (with --to)."),
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day (default: today).")]
