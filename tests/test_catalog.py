"""Every message the tool can show has its Indonesian translation (issue 19's "done when").

The ids are collected as tools/i18n_catalog.py collects them for the catalog: the `_()` calls
of the package, the help of every command and option, and Typer's own marked phrases."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from tests.test_help import ALL_COMMANDS
from tools.i18n_catalog import PACKAGE, read_catalog, template

# Modules whose messages are not yet marked for translation: plain English strings still.
# A module leaves this list when its messages are wrapped in _(); none may join it.
NOT_YET_MARKED: set[str] = set()
ERRORS = {
    "AdurabiError",
    "InvalidInput",
    "NotFound",
    "Duplicate",
    "RuleViolation",
    "ImportRejected",
    "StorageError",
    "DeliveryError",
    "BadParameter",
}
# Click's English phrases that must not be left in an Indonesian help page.
CLICK_ENGLISH = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "[default:",
                 "[required]")  # fmt: skip


def _message_id(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def test_every_message_id_has_an_indonesian_translation():
    translated = {_message_id(m): m.string for m in read_catalog() if m.id}
    missing = [
        (_message_id(m), sorted({where for where, _line in m.locations}))
        for m in template()
        if m.id and not translated.get(_message_id(m))
    ]
    assert missing == [], "run `python -m tools.i18n_catalog` and translate these in the .po"


def _fields(text: str) -> list[tuple[str, str, str]]:
    return sorted(
        (name, spec or "", conversion or "")
        for _text, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def test_translations_keep_every_placeholder():
    for message in read_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            assert _fields(translated) == _fields(ids[0]), ids[0]


def _words(node: ast.expr) -> bool:
    """A string or f-string with words of its own (beyond the `Error: `/`Warning: ` prefix)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    return re.search(r"[A-Za-z]{2}", re.sub(r"^(Error|Warning): ", "", text)) is not None


def _unmarked(path: Path) -> list[int]:
    """Lines where an error, a printed message or an empty-list line is a plain string."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        texts = [kw.value for kw in node.keywords if kw.arg == "empty"]
        if node.args and name in (*ERRORS, "message"):
            texts.append(node.args[0])
        if any(_words(text) for text in texts):
            lines.append(node.lineno)
    return lines


def test_errors_are_made_from_marked_messages():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE.parent).as_posix()
        lines = _unmarked(path)
        if lines and module not in NOT_YET_MARKED:
            found[module] = lines
    assert found == {}, "wrap these messages in _() (adurabi_cli.i18n) and translate them"
    still = {module for module in NOT_YET_MARKED if _unmarked(PACKAGE.parent / module)}
    assert still == NOT_YET_MARKED, "a module now translated leaves NOT_YET_MARKED"


@pytest.fixture
def indonesian(monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")


@pytest.mark.parametrize("path", [(), *ALL_COMMANDS], ids=lambda p: " ".join(p) or "adurabi")
def test_indonesian_help_holds_no_english_phrase_of_click(cli, indonesian, path):
    shown = cli(*path, "--help").stdout
    assert shown.startswith("Penggunaan: ")
    left = [phrase for phrase in CLICK_ENGLISH if phrase in shown]
    assert left == [], shown
