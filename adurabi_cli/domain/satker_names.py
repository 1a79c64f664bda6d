"""Satker by the names people say: the code, the official name, or a short name (alias)."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from typing import Any

from adurabi_cli.domain.text import one_line
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

ALIAS_MAX = 80
# Aliases are stored, typed in a CSV cell and shown as one text: "LP Kerobokan; Lapas Kerobokan".
ALIAS_SEPARATOR = "; "
# How close a misspelt name must be to a known one to be offered ("did you mean ...").
SUGGEST_CUTOFF = 0.75


def name_key(text: str) -> str:
    """A name as compared: case and spacing ignored."""
    return " ".join(str(text).split()).casefold()


def as_code(text: str) -> str:
    """The code a name spelt like one would be: "Lapas Kerobokan" -> lapas-kerobokan."""
    return name_key(text).replace(" ", "-")


def clean_aliases(values: Iterable[Any]) -> str | None:
    """Aliases given one per value (each may hold several separated by ';'), as stored: one
    text, each alias on one line and at most ALIAS_MAX characters, repeats dropped; None when
    there is none (an empty value clears them)."""
    kept: dict[str, str] = {}
    for value in values:
        for part in str(value).split(";"):
            alias = one_line(part)
            if not alias:
                continue
            if len(alias) > ALIAS_MAX:
                raise InvalidInput(
                    _("alias {alias!r} is longer than {ALIAS_MAX} characters").format(
                        alias=alias, ALIAS_MAX=ALIAS_MAX
                    )
                )
            kept.setdefault(name_key(alias), alias)
    return ALIAS_SEPARATOR.join(kept.values()) or None


def alias_list(stored: str | None) -> list[str]:
    """The aliases of a stored text (clean_aliases' form)."""
    return stored.split(ALIAS_SEPARATOR) if stored else []


def names_of(satker: dict[str, Any]) -> list[str]:
    """Every key a satker answers to: its code, official name and aliases (name_key form)."""
    return [satker["code"], name_key(satker["name"]), *map(name_key, alias_list(satker["aliases"]))]


def find_satker(
    registry: Iterable[dict[str, Any]], text: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """The satker text names (by code, a name spelt as a code, the official name or an alias,
    case and spacing ignored), and when none does, the codes of the closest names."""
    units = list(registry)
    key = name_key(text)
    for wanted in (key, as_code(key)):
        by_code = [s for s in units if s["code"] == wanted]
        if by_code:
            return by_code, []
    found = [s for s in units if key in names_of(s)]
    if found:
        return found, []
    keys = {name: s["code"] for s in units for name in names_of(s)}
    close = get_close_matches(key, list(keys), n=3, cutoff=SUGGEST_CUTOFF)
    return [], list(dict.fromkeys(keys[name] for name in close))


def check_aliases_free(registry: Iterable[dict[str, Any]], code: str, aliases: str | None) -> None:
    """Refuse an alias that names another satker (its code, official name or an alias)."""
    others = {name: s["code"] for s in registry if s["code"] != code for name in names_of(s)}
    for alias in alias_list(aliases):
        holder = others.get(name_key(alias)) or others.get(as_code(alias))
        if holder is not None:
            raise InvalidInput(
                _("alias {alias!r} already names satker {holder}").format(
                    alias=alias, holder=holder
                )
            )
