"""Options shared by many commands, so every command spells them the same way."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (for scripts).")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV with a header row.")]
CsvExcelOpt = Annotated[
    bool,
    typer.Option(
        "--csv-excel",
        help="Print CSV for Excel on an Indonesian Windows: UTF-8 with BOM, ';' separated.",
    ),
]
LimitOpt = Annotated[
    int,
    typer.Option("--limit", "-n", min=0, help="Show at most N rows (0 = all).", show_default=True),
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why: recorded in the history.")]
MonthOpt = Annotated[
    str | None, typer.Option("--month", "-m", help="Month: YYYY-MM, current or previous.")
]
SatkerOpt = Annotated[
    str, typer.Option("--satker", "-s", help="Satker code, e.g. lapas-kerobokan.")
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Check everything and report, but write nothing.")
]
