"""The Indonesian catalog: collect every message id, merge them into the `.po`, compile the `.mo`.

    python -m tools.i18n_catalog          # after changing messages or help texts

Message ids come from three places: the `_()` and `ngettext()` calls of the package, the help
texts of every command and option (their English text in the code is the id; they are
translated when the command is built), and the phrases Typer itself marks for gettext.
Then translate the new entries of adurabi_cli/locale/id/LC_MESSAGES/adurabi.po (msgstr "")
and run this again to compile the `.mo` that ships in the package.
"""

from __future__ import annotations

import io
from pathlib import Path

import typer
from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from adurabi_cli import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "adurabi_cli"
PO_FILE = i18n.LOCALE_DIR / "id" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
MO_FILE = PO_FILE.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# Typer's own modules that mark phrases for gettext and take part in plain (non-rich) help.
TYPER_MODULES = ("core.py",)


def code_messages() -> list[tuple[str | tuple[str, str], str, int]]:
    """(id, file relative to the repository, line) of every marked message in the package."""
    found = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.append((message, f"adurabi_cli/{filename}", lineno))
    return found


def typer_messages() -> list[tuple[str | tuple[str, str], str, int]]:
    found = []
    for name in TYPER_MODULES:
        with open(Path(typer.__file__).parent / name, "rb") as file:
            for lineno, message, _comments, _context in extract(
                "python", file, keywords={"_": None}
            ):
                found.append((message, f"typer/{name}", lineno))
    return found


def help_messages() -> list[tuple[str, str, int]]:
    """The help texts of every command and its options, English, where the command lives."""
    from adurabi_cli.cli.app import app

    i18n.activate("en")
    found: list[tuple[str, str, int]] = []
    root = typer.main.get_group(app)

    def collect(command, where: str) -> None:
        texts = [command.help, command.short_help, command.epilog]
        texts += [getattr(param, "help", None) for param in command.params]
        found.extend((text, where, 0) for text in texts if text)
        if hasattr(command, "commands"):
            ctx = typer.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                module = getattr(sub.callback, "__module__", None) if sub.callback else None
                collect(sub, _module_file(module) if module else where)

    collect(root, "adurabi_cli/cli/app.py")
    return found


def _module_file(module: str) -> str:
    return module.replace(".", "/") + ".py"


def template() -> Catalog:
    """Every message id the tool can show, with where each is made."""
    catalog = Catalog(domain=i18n.DOMAIN, project="adurabi")
    for message, where, lineno in [*code_messages(), *typer_messages(), *help_messages()]:
        catalog.add(message, locations=[(where, lineno)])
    return catalog


def read_catalog() -> Catalog:
    with open(PO_FILE, "rb") as file:
        return read_po(file, locale="id", domain=i18n.DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> None:
    catalog = read_catalog() if PO_FILE.exists() else Catalog(locale="id", domain=i18n.DOMAIN)
    wanted = template()
    # The header keeps its date, so a run that changes no message changes no file.
    wanted.creation_date = catalog.creation_date
    catalog.update(wanted, no_fuzzy_matching=True, update_header_comment=False)
    catalog.fuzzy = False
    catalog.obsolete.clear()
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(out, catalog, width=100, include_lineno=False)
    PO_FILE.write_bytes(out.getvalue())
    MO_FILE.write_bytes(compiled(read_catalog()))
    missing = sum(1 for m in read_catalog() if m.id and not m.string)
    print(f"{PO_FILE.relative_to(ROOT)}: {len(catalog) - 1} messages, {missing} untranslated")


if __name__ == "__main__":
    main()
