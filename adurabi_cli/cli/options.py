"""Options shared by many commands, so every command spells them the same way."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from adurabi_cli.i18n import _, current_language

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
    str | None,
    typer.Option("--month", "-m", help="Month: YYYY-MM, 'Mar 2025', current or previous."),
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
        translate_help(self)
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
        for title, rows in ((_("Arguments"), arguments), (_("Options"), options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        write_usage(self, ctx, formatter)

    def get_help_option(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        return translated_help_option(super().get_help_option(ctx))


# Indonesian names of subcommands, accepted in every group (`pengaduan tambah` = `complaint add`).
SUBCOMMAND_ALIASES = {
    "add": "tambah",
    "list": "daftar",
    "show": "lihat",
    "update": "ubah",
    "extend": "perpanjang",
    "delete": "hapus",
    "history": "riwayat",
    "nil": "nihil",
}


class AliasGroup(TyperGroup):
    """A command group that takes the Indonesian names of its subcommands (`aliases`: command
    name to its Indonesian alias) beside the English ones, shows them in the Indonesian help,
    and speaks the active language in its usage line and headings."""

    aliases: dict[str, str] = SUBCOMMAND_ALIASES

    def canonical(self, cmd_name: str) -> str:
        """The command's English name, whichever of its names was typed."""
        for name, alias in self.aliases.items():
            if cmd_name == alias:
                return name
        return cmd_name

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        return super().get_command(ctx, self.canonical(cmd_name))

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        """An unknown command is refused in the active language, with the names closest to
        what was typed (English or Indonesian) as the suggestion: Typer appends its own
        "Did you mean" in English, and only for the commands it has already built."""
        name = args[0] if args else ""
        known = self.list_commands(ctx)  # names only: the top group builds a command lazily
        if name[:1].isalnum() and not ctx.resilient_parsing and self.canonical(name) not in known:
            text = _("No such command {name!r}.").format(name=name)
            close = get_close_matches(name, self.typed_names(known))
            if close:
                text = " ".join(
                    (text, _("Did you mean {names}?").format(names=", ".join(map(repr, close))))
                )
            ctx.fail(text)
        return super().resolve_command(ctx, args)

    def typed_names(self, names: list[str]) -> list[str]:
        """Every name these commands may be typed as: English, then Indonesian."""
        return names + [self.aliases[name] for name in names if name in self.aliases]

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            alias = self.aliases.get(name) if current_language() == "id" else None
            rows.append((f"{alias}, {name}" if alias else name, command))
        if rows:
            limit = formatter.width - 6 - max(len(shown) for shown, _cmd in rows)
            with formatter.section(_("Commands")):
                formatter.write_dl(
                    [(shown, command.get_short_help_str(limit)) for shown, command in rows]
                )

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        write_usage(self, ctx, formatter)

    def get_help_option(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        return translated_help_option(super().get_help_option(ctx))


class PlainGroup(AliasGroup):
    """A group of a command module: its texts are translated when it is built, which is after
    the global options (`--lang`) are read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_help(self)


def translate_help(command: Any) -> None:
    """The command's help, summary, epilog and each parameter's help in the active language
    (the English texts in the code are the catalog's message ids)."""
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)


def write_usage(command: Any, ctx: typer.Context, formatter: Any) -> None:
    formatter.write_usage(
        ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=_("Usage: ")
    )


def translated_help_option(option: Any) -> Any:
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


class CommandTyper(typer.Typer):
    """A Typer app whose commands are PlainCommands and whose groups PlainGroups."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", PlainGroup)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", PlainCommand)
        return super().command(*args, **kwargs)
