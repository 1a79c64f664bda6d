"""The satker registry: list, add, update, import from CSV."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from adurabi_cli.db import reference as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now
from adurabi_cli.domain.contacts import clean_contact_name, clean_email, clean_phone
from adurabi_cli.domain.satker_names import check_aliases_free, clean_aliases
from adurabi_cli.domain.text import one_line
from adurabi_cli.domain.vocab import check_kind, check_satker_code
from adurabi_cli.errors import Duplicate, ImportRejected, InvalidInput, NotFound, RuleViolation
from adurabi_cli.i18n import _
from adurabi_cli.services.csvfile import read_csv, require_columns

SATKER_COLUMNS = ("code", "name", "kind")
# Optional columns of the satker CSV: present in the header, they set the contact or the
# aliases (an empty cell clears them); absent, the stored ones stay.
CONTACT_COLUMNS = {"contact_name": clean_contact_name, "email": clean_email, "phone": clean_phone}
OPTIONAL_COLUMNS = {**CONTACT_COLUMNS, "aliases": lambda text: clean_aliases([text])}


def default_satker_file() -> Path:
    """The 2024 list of the Kanwil and its units, shipped with the package."""
    return Path(str(resources.files("adurabi_cli") / "data" / "satker-bali-2024.csv"))


def list_satker(store: Store, *, include_inactive: bool = True) -> list[dict[str, Any]]:
    with store.read() as conn:
        return db.list_satker(conn, active=None if include_inactive else True)


def require_satker(conn: Any, code: str, *, active: bool = True) -> dict[str, Any]:
    """The satker with this code; refused if unknown or, when active is asked, inactive."""
    satker = db.get_satker(conn, code.strip().lower())
    if satker is None:
        raise NotFound(_("unknown satker {code!r}; see `adurabi satker list`").format(code=code))
    if active and not satker["active"]:
        raise RuleViolation(
            _("satker {value} is inactive; reactivate it first").format(value=satker["code"])
        )
    return satker


def add_satker(
    store: Store, code: str, name: str, kind: str, aliases: Sequence[str] = ()
) -> dict[str, Any]:
    row = {**_clean_row(code, name, kind), "aliases": clean_aliases(aliases)}
    with store.write() as conn:
        if db.get_satker(conn, row["code"]) is not None:
            raise Duplicate(_("satker {value} already exists").format(value=row["code"]))
        _check_names_free(db.list_satker(conn), [row])
        db.insert_satker(conn, [row], now())
        return db.get_satker(conn, row["code"])  # type: ignore[return-value]


def update_satker(
    store: Store,
    code: str,
    *,
    name: str | None = None,
    kind: str | None = None,
    active: bool | None = None,
    contact: dict[str, str | None] | None = None,
    aliases: Sequence[str] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Apply the given changes; returns the record before and after.

    `contact` maps contact_name, email and phone to their new text ("" clears one);
    `aliases` replaces the short names ([""] clears them).
    """
    changes: dict[str, Any] = {
        column: CONTACT_COLUMNS[column](text)
        for column, text in (contact or {}).items()
        if text is not None
    }
    if name is not None:
        changes["name"] = _clean_name(name)
    if kind is not None:
        changes["kind"] = check_kind(kind)
    if active is not None:
        changes["active"] = active
    if aliases is not None:
        changes["aliases"] = clean_aliases(aliases)
    if not changes:
        raise InvalidInput(
            _(
                "nothing to change; give --name, --kind, --active, "
                "--inactive, --contact-name, --email, --phone or --alias"
            )
        )
    with store.write() as conn:
        before = require_satker(conn, code, active=False)
        _check_names_free(db.list_satker(conn), [{**before, **changes}])
        db.update_satker(conn, before["code"], changes, now())
        return before, db.get_satker(conn, before["code"])  # type: ignore[return-value]


@dataclass
class ImportResult:
    added: list[str]
    updated: list[str]
    unchanged: int


def import_satker(store: Store, path: Path, *, dry_run: bool = False) -> ImportResult:
    """Add new codes and update names and kinds of known ones, all or nothing."""
    rows = read_satker_file(path)
    with store.write() as conn:
        existing = {s["code"]: s for s in db.list_satker(conn)}
        _check_names_free(existing.values(), [{**existing.get(r["code"], {}), **r} for r in rows])
        new = [row for row in rows if row["code"] not in existing]
        changed = [
            row
            for row in rows
            if row["code"] in existing
            and any(existing[row["code"]][column] != value for column, value in row.items())
        ]
        if not dry_run:
            at = now()
            if new:
                db.insert_satker(conn, new, at)
            for row in changed:
                db.update_satker(conn, row["code"], row, at)
    return ImportResult(
        added=[r["code"] for r in new],
        updated=[r["code"] for r in changed],
        unchanged=len(rows) - len(new) - len(changed),
    )


def read_satker_file(path: Path) -> list[dict[str, str]]:
    """Every row of a code,name,kind CSV (contact columns optional), or ImportRejected."""
    header, raw_rows = read_csv(path)
    require_columns(header, SATKER_COLUMNS, path)
    checks = [("code", check_satker_code), ("name", _clean_name), ("kind", check_kind)]
    checks += [(column, check) for column, check in OPTIONAL_COLUMNS.items() if column in header]
    columns = [column for column, _ in checks]
    rows: list[dict[str, str]] = []
    problems: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for number, values in raw_rows:
        before = len(problems)
        for column, check in checks:
            try:
                values[column] = check(values[column])
            except InvalidInput as exc:
                problems.append((number, column, str(exc)))
        if len(problems) > before:
            continue
        if values["code"] in seen:
            problems.append((number, "code", f"repeats row {seen[values['code']]}"))
            continue
        seen[values["code"]] = number
        rows.append({column: values[column] for column in columns})
    if problems:
        raise ImportRejected(
            _("{name}: {value} bad row(s); nothing was imported").format(
                name=path.name, value=len(problems)
            ),
            problems,
        )
    if not rows:
        raise InvalidInput(_("{name} has no satker rows").format(name=path.name))
    return rows


def _check_names_free(registry: Iterable[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
    """Refuse aliases of the changed satker that name another one, stored or changed."""
    merged = {s["code"]: s for s in registry} | {s["code"]: {"aliases": None, **s} for s in changed}
    for unit in changed:
        if unit.get("aliases"):
            check_aliases_free(merged.values(), unit["code"], unit["aliases"])


def _clean_row(code: str, name: str, kind: str) -> dict[str, str]:
    return {"code": check_satker_code(code), "name": _clean_name(name), "kind": check_kind(kind)}


def _clean_name(name: str) -> str:
    text = one_line(name)
    if not text:
        raise InvalidInput(_("satker name is empty"))
    if len(text) > 200:
        raise InvalidInput(_("satker name is longer than 200 characters"))
    return text
