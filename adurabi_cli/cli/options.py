"""Options shared by many commands, so every command spells them the same way."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperCommand

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


# Option names whose value is better named by what it is than by the option.
PLAIN_METAVARS = {
    "satker": "CODE",
    "limit": "N",
    **dict.fromkeys(("date", "received", "from", "to", "on"), "DATE"),
    **dict.fromkeys(("summary", "note", "search", "title"), "TEXT"),
}


class PlainCommand(TyperCommand):
    """A command whose usage and help show plain metavars: `holiday add [OPTIONS] DATE NAME`
    and `--satker CODE`, where Typer would show `{DATE} {name}`, `DATE <str>` and
    `--satker <list[str]>`. A parameter without its own metavar gets the one its option
    name calls for (PLAIN_METAVARS), else that name in capitals."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is not None or not param.name:
                continue
            words = [opt.lstrip("-") for opt in param.opts if opt.startswith("--")]
            word = max(words, key=len) if words else param.name
            param.metavar = PLAIN_METAVARS.get(word, word.upper().replace("-", "_"))

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(param.metavar if param.required else f"[{param.metavar}]")
        return pieces

    def format_options(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        arguments, options = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                arguments.append((param.metavar, getattr(param, "help", None) or ""))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class CommandTyper(typer.Typer):
    """A Typer app whose commands are PlainCommands."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", PlainCommand)
        return super().command(*args, **kwargs)
