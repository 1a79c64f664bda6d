"""Build only the branch of the command tree that a run invokes.

Typer turns every registered command into a Click command (signature and annotations parsed,
options made) on every run: about 15 ms for the forty commands, of which a run uses one,
and a tenth of what `complaint add` costs beyond importing Typer and SQLModel. When the
first word after the global options names a registered group or command, only that one is
built. Anything else (no command, `--help`, `--version`, a misspelt name) builds the whole
tree, so help and "No such command" suggestions stay complete. Tests that call the Click
group directly (CliRunner, `typer.main.get_group`) always get the whole tree.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.main import get_command_name

# Global options that take a value (see cli/app.py main_options).
_VALUED = ("--db", "--operator")


def invoked_name(argv: list[str]) -> str | None:
    """The command word of a command line, or None when there is none to go by."""
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word.startswith(tuple(f"{option}=" for option in _VALUED)):
            continue
        elif word.startswith("-"):
            return None
        else:
            return word
    return None


def _name(info: Any) -> str | None:
    if info.name:
        return info.name
    callback = getattr(info, "callback", None)
    return get_command_name(callback.__name__) if callback is not None else None


class BranchTyper(typer.Typer):
    """A Typer app that builds only the invoked branch when called as a program."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = kwargs.get("args", args[0] if args else None)
        name = invoked_name(list(sys.argv[1:] if argv is None else argv))
        groups, commands = self.registered_groups, self.registered_commands
        kept_groups = [info for info in groups if _name(info) == name]
        kept_commands = [info for info in commands if _name(info) == name]
        if name is not None and (kept_groups or kept_commands):
            self.registered_groups, self.registered_commands = kept_groups, kept_commands
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.registered_groups, self.registered_commands = groups, commands
