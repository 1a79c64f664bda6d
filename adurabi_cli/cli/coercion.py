"""Plain option values handed over as typed, without Typer's pydantic machinery.

Typer 0.29 coerces every parameter through a pydantic TypeAdapter built on first use; the
global options are processed before any subcommand, and building the adapters imports
`typer._adapters` and pydantic's type modules. That cost `adurabi complaint add --help` 60 ms
(more than Typer itself) and every list command about 15 ms, to hand back text as typed, turn
"50" into 50, "complaints" into an enum member or a file name into a Path (30 ms of `adurabi
import`). Values of the plain kinds below are converted here; anything else (a malformed or
out-of-range number, another type) goes to Typer's own coercion, so results and error
messages stay Typer's. Should Typer stop reading `_runtime_param`, its coercion
simply runs every time: slower, never different.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import typer

_DIGITS = re.compile(r"-?[0-9]{1,18}", re.ASCII)


class _AsTyped:
    def __init__(
        self, param: Any, kind: str, low: Any = None, high: Any = None, enum: Any = None
    ) -> None:
        self.param, self.kind, self.low, self.high, self.enum = param, kind, low, high, enum

    def coerce(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        fast = self._fast(value)
        if fast is not _TYPER:
            return fast
        self.param._runtime_param = None
        return self.param.get_runtime_param().coerce(value, *args, **kwargs)

    def _fast(self, value: Any) -> Any:
        kind = self.kind
        if kind == "list":
            if value is None:
                return ()
            if isinstance(value, list | tuple) and all(type(v) is str for v in value):
                return list(value)
            return _TYPER
        if value is None:
            return None
        if (kind == "str" and type(value) is str) or (kind == "bool" and type(value) is bool):
            return value
        if kind == "path" and type(value) is str and "\x00" not in value:
            return Path(value)  # a NUL, which no path holds, gets Typer's refusal
        if kind == "enum" and type(value) is str and value in self.enum._value2member_map_:
            return self.enum(value)
        if kind == "int" and type(value) is str and _DIGITS.fullmatch(value):
            number = int(value)
            if (self.low is None or number >= self.low) and (
                self.high is None or number <= self.high
            ):
                return number
        return _TYPER


_TYPER = object()  # "let Typer coerce this one"


def _kind(param: Any) -> str | None:
    descriptor = getattr(param, "type_descriptor", None)
    info = getattr(descriptor, "parameter_info", None)
    if descriptor is None or getattr(info, "parser", None) is not None:
        return None
    annotation, single = descriptor.annotation, not param.multiple and param.nargs == 1
    if single and annotation in (str, bool):
        return annotation.__name__
    if single and annotation is Path:
        return "path"
    if single and isinstance(annotation, type) and issubclass(annotation, Enum):
        return "enum"
    if single and annotation is int and not getattr(info, "clamp", False):
        return "int"
    if param.multiple and param.nargs == 1 and annotation == list[str]:
        return "list"
    return None


def skip_pydantic_for_plain_values(command: Any, ctx: typer.Context) -> None:
    """Install the plain conversion on every parameter of the command tree it fits.

    The help option is made here, as Click would make it on first use (and caches it), so
    that it is covered too: it is processed, as None, on every run.
    """
    help_option = command.get_help_option(ctx)
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        kind = _kind(param)
        if kind is not None:
            info = param.type_descriptor.parameter_info
            enum = param.type_descriptor.annotation if kind == "enum" else None
            param._runtime_param = _AsTyped(param, kind, info.min, info.max, enum)
    for name, sub in getattr(command, "commands", {}).items():
        skip_pydantic_for_plain_values(sub, typer.Context(sub, info_name=name, parent=ctx))
