"""The `adurabi` command: global options, the command groups, and the one error boundary."""

from __future__ import annotations

import atexit
import errno
import gc
import importlib
import os
import re
import sys
from typing import Annotated, Any, NoReturn

import typer

from adurabi_cli import __version__, i18n
from adurabi_cli.cli.options import AliasGroup, CommandTyper, translate_help
from adurabi_cli.cli.state import AppState, set_state
from adurabi_cli.config import check_environment
from adurabi_cli.errors import AdurabiError, ExitStatus
from adurabi_cli.i18n import _
from adurabi_cli.render.output import message

# Each command: the module under adurabi_cli.cli that holds it and the name there (a Typer
# app for a group, a function for a single command). Only the invoked one is imported and
# built (Click's lazily loading group), so a run pays for one module, not all of them.
# `adurabi --help` lists them in this order: the daily work first, setting-up last.
COMMANDS = {
    "complaint": ("complaint", "app"),
    "news": ("news", "app"),
    "recap": ("recap", "recap"),
    "trend": ("trend", "trend"),
    "monitor": ("monitor", "monitor"),
    "remind": ("remind", "remind"),
    "export": ("export", "export"),
    "period": ("period", "app"),
    "import": ("importer", "import_"),
    "template": ("template", "template"),
    "satker": ("satker", "app"),
    "operator": ("operator", "app"),
    "vocab": ("reference", "vocab_app"),
    "holiday": ("reference", "holiday_app"),
    "setting": ("reference", "setting_app"),
    "init": ("setup", "init"),
    "info": ("setup", "info"),
    "doctor": ("maintenance", "doctor"),
    "backup": ("maintenance", "backup"),
    "copy-db": ("copydb", "copy_db"),
    "demo": ("demo", "demo"),
}


# The Indonesian names of commands, accepted beside the English ones and shown in the
# Indonesian help; the subcommands' are in cli/options.py.
COMMAND_ALIASES = {
    "complaint": "pengaduan",
    "news": "berita",
    "recap": "rekap",
    "monitor": "pantau",
    "export": "ekspor",
    "import": "impor",
    "template": "templat",
}


class AdurabiGroup(AliasGroup):
    """Turns every error into one `Error: ...` line and its exit code (docs/design.md section 7)."""

    aliases = COMMAND_ALIASES

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        i18n.activate()
        return super().main(*args, **kwargs)

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        # Translated here rather than when built: `--lang` is read after the group is built.
        translate_help(self)
        super().format_help(ctx, formatter)

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        cmd_name = self.canonical(cmd_name)
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        target = getattr(importlib.import_module(f"adurabi_cli.cli.{module}"), attribute)
        holder = CommandTyper(rich_markup_mode=None, add_completion=False)
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=cmd_name)
        else:
            holder.command(cmd_name)(target)
        return typer.main.get_group(holder).commands[cmd_name]

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        # The global options are parsed here, before any subcommand's invoke.
        try:
            return super().make_context(*args, **kwargs)
        except Exception as exc:
            if _is_usage_error(exc):
                _report_usage(exc)
            raise

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except AdurabiError as exc:
            _report(exc)
            raise typer.Exit(int(exc.exit_status)) from None
        except KeyboardInterrupt:
            message(_("Interrupted; nothing was left half-written."))
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        except BrokenPipeError:
            # The reader of our output went away (`| head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if _is_usage_error(exc):
                _report_usage(exc)
            if _is_typer_control(exc) or os.environ.get("ADURABI_DEBUG") == "1":
                raise
            if isinstance(exc, UnicodeEncodeError) and "surrogate" in exc.reason:
                # Python hands bytes that are not UTF-8 (an argument typed in a Latin-1
                # terminal, a binary file name) over as surrogates, which no database takes.
                message(f"Error: {_escaped(_undecodable(exc))}", style="bold red")
                raise typer.Exit(int(ExitStatus.REFUSED)) from None
            if isinstance(exc, OSError):
                detail = exc.strerror or str(exc)
                if exc.errno == errno.ENOSPC:
                    detail = _("the disk is full")
                where = f" ({exc.filename})" if exc.filename else ""
                message(f"Error: {_escaped(detail + where)}", style="bold red")
                raise typer.Exit(int(ExitStatus.STORAGE)) from None
            text = _(
                "unexpected internal error ({kind}: {detail}); "
                "rerun with ADURABI_DEBUG=1 to see where"
            ).format(kind=type(exc).__name__, detail=_escaped(str(exc)))
            message(f"Error: {text}", style="bold red")
            raise typer.Exit(int(ExitStatus.REFUSED)) from None


def _is_typer_control(exc: BaseException) -> bool:
    """Typer's own exits pass through to Typer."""
    return type(exc).__module__.startswith("typer")


def _is_usage_error(exc: BaseException) -> bool:
    """A usage error of Click's (unknown option or command, bad or missing value): the
    exceptions Click reports itself with `show()` and `exit_code` (2). A group given no
    command raises one too, holding its help: Click shows that help itself."""
    return (
        _is_typer_control(exc)
        and hasattr(exc, "format_message")
        and hasattr(exc, "show")
        and type(exc).__name__ != "NoArgsIsHelpError"
    )


# Global options and their metavars: given after the command, they are "no such option" there.
GLOBAL_OPTIONS = {"--db": "PATH_OR_URL", "--operator": "NAME", "--lang": "id|en"}


def _report_usage(exc: Any) -> NoReturn:
    """One `Error:` line for a usage error, the help to read named on the same line.

    Click would print the usage, a "Try ... for help" line and a blank line before its
    error: three lines where the contract promises one. `--help` shows the usage."""
    ctx = getattr(exc, "ctx", None)
    misplaced = getattr(exc, "option_name", None)
    if misplaced in GLOBAL_OPTIONS and ctx is not None and ctx.parent is not None:
        text = _(
            "{option} is a global option: put it before the command, e.g. "
            "'adurabi {option} {value} {command} ...'"
        ).format(
            option=misplaced,
            value=GLOBAL_OPTIONS[misplaced],
            command=ctx.command_path.partition(" ")[2],
        )
    else:
        text = _usage_text(exc).rstrip(".")
        if ctx is not None:
            text += " " + _("(see '{command} --help')").format(command=ctx.command_path)
    message(f"Error: {_escaped(text)}", style="bold red")
    raise typer.Exit(exc.exit_code) from None


def _usage_text(exc: Any) -> str:
    """Click's sentence for a usage error, in the active language.

    Typer's bundled Click writes these in English only (Typer's own, like "No such command",
    come translated through gettext); the ones users meet most are rebuilt here from the
    exception's public fields, any other is shown as Click wrote it."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption":
        text = _("No such option: {option}").format(option=exc.option_name)
        if exc.possibilities:
            text += " " + _("(Possible options: {options})").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return text
    hint = param.get_error_hint() if param is not None else ""
    plain = f"Missing {getattr(param, 'param_type_name', '')} {hint}."
    if kind == "MissingParameter" and param is not None and exc.format_message() == plain:
        if param.param_type_name == "argument":
            return _("Missing argument {name}.").format(name=param.get_error_hint())
        return _("Missing option {name}.").format(name=param.get_error_hint())
    if kind == "BadParameter" and param is not None:
        return _("Invalid value for {name}: {reason}").format(
            name=param.get_error_hint(), reason=exc.message
        )
    extra = re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", exc.message)
    if extra:
        return _("Got unexpected extra argument(s) ({arguments})").format(arguments=extra[1])
    return exc.format_message()


# Messages quote what the user typed; its line breaks and terminal controls (a pasted
# "\r" or ESC sequence) must neither split the one error line nor drive the terminal.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
# Line separators and the bidirectional overrides that can make a line read otherwise.
_ESCAPES.update(
    {
        code: f"\\u{code:04x}"
        for code in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
    }
)


def _escaped(text: str) -> str:
    """text on one line, control characters shown as escapes."""
    return text if text.isprintable() else text.translate(_ESCAPES)


def _undecodable(exc: UnicodeEncodeError) -> str:
    """The refusal of input bytes that are not UTF-8, showing them escaped around the spot."""
    text = exc.object[max(0, exc.start - 20) : exc.end + 20]
    try:
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        shown = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _("the input '{text}' is not UTF-8 text; set the terminal or file to UTF-8").format(
        text=shown
    )


def _report(exc: AdurabiError) -> None:
    if os.environ.get("ADURABI_DEBUG") == "1":
        import traceback

        traceback.print_exc()
    message(f"Error: {_escaped(exc.message)}", style="bold red")
    for row, column, reason in getattr(exc, "problems", [])[:200]:
        where = _("row {row}, column {column}").format(row=row, column=column)
        message(f"  {where}: {_escaped(reason)}")
    extra = len(getattr(exc, "problems", [])) - 200
    if extra > 0:
        message("  " + _("... and {count} more").format(count=extra))


app = typer.Typer(
    cls=AdurabiGroup,
    name="adurabi",
    help=(
        "Record public complaints (pengaduan) and news (berita) of Kanwil Kemenkumham Bali "
        "and its satker, follow each complaint to its close, and publish the monthly recap."
    ),
    epilog="Start with: adurabi init, then adurabi satker list. Docs: README.md.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _language(value: str | None) -> None:
    if value is None:
        return
    if value not in i18n.LANGUAGES:
        message(
            "Error: "
            + _escaped(
                _("--lang '{value}' is not a language of adurabi; use id or en").format(value=value)
            ),
            style="bold red",
        )
        raise typer.Exit(int(ExitStatus.REFUSED))
    i18n.activate(value)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"adurabi {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help=(
                "Database file or SQLAlchemy URL "
                "(env ADURABI_DB; default: adurabi.db in the user data folder)."
            ),
        ),
    ] = None,
    operator: Annotated[
        str | None,
        typer.Option(
            "--operator",
            metavar="NAME",
            help="Name recorded in the history (env ADURABI_OPERATOR; default: your login name).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="id|en",
            callback=_language,
            is_eager=True,
            expose_value=False,
            help="Language of help and messages: id or en (env ADURABI_LANG; default: id).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    check_environment(db, operator)
    state = AppState(db_option=db, operator_option=operator)
    set_state(state)
    ctx.call_on_close(state.close)


def main() -> None:
    # Once the command is done, the interpreter's last cycle collections would walk every
    # object Typer, SQLAlchemy and pydantic made, to free memory the process gives back
    # anyway: 0.08 s of every command. Frozen objects are skipped. Files and databases are
    # closed by the commands themselves (with blocks, Store.close), never left to them.
    atexit.register(gc.freeze)
    app(prog_name="adurabi")
