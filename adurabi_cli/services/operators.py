"""Operator accounts (PostgreSQL): add, list, disable, new password. See db.accounts."""

from __future__ import annotations

import re
import secrets
from typing import Any

from adurabi_cli.db import accounts as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, office_time
from adurabi_cli.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from adurabi_cli.i18n import _
from adurabi_cli.services.refdata import load_refdata, office_zone

ROLES = db.GROUPS
# PostgreSQL role names are up to 63 bytes; lower-case letters, digits and _ need no quoting.
_LOGIN = re.compile(r"[a-z][a-z0-9_]{1,62}")
MIN_PASSWORD = 12


def generate_password() -> str:
    return secrets.token_urlsafe(18)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            _("the password must have at least {MIN_PASSWORD} characters").format(
                MIN_PASSWORD=MIN_PASSWORD
            )
        )
    if not password.isprintable():
        raise InvalidInput(_("the password must not hold control characters"))
    return password


def _check_login(login: str) -> str:
    if not _LOGIN.fullmatch(login):
        raise InvalidInput(
            _(
                "login {login!r} is not valid: 2 to 63 lower-case letters, "
                "digits or _, beginning with a letter"
            ).format(login=login),
            field="LOGIN",
        )
    return login


def _managed(conn: Any) -> None:
    """Refuse unless this is PostgreSQL and the session owns the tables and creates roles."""
    if not db.on_server(conn):
        raise RuleViolation(
            _(
                "operator accounts need a PostgreSQL database; on SQLite the "
                "file's permissions are the only guard"
            )
        )
    if not db.is_owner(conn):
        raise RuleViolation(_("only the database's owner can manage operators"))


def add_operator(
    store: Store, login: str, satker: str, role: str, password: str, name: str | None = None
) -> dict[str, Any]:
    """Create the login role in its group and record it; all or nothing."""
    _check_login(login)
    if role not in ROLES:
        raise InvalidInput(
            _("unknown role {role!r}; valid: {value}").format(role=role, value=", ".join(ROLES)),
            field="--role",
        )
    check_password(password)
    display = " ".join((name or "").split()) or None
    with store.write() as conn:
        _managed(conn)
        unit = load_refdata(conn).satker_of(satker, field="--satker")
        if db.role_exists(conn, login):
            raise Duplicate(
                _("login {login} already exists on this PostgreSQL server").format(login=login)
            )
        db.install(conn)
        db.create_login(conn, login, password, role)
        row = {
            "login": login,
            "name": display,
            "satker_id": unit["id"],
            "role": role,
            "created_at": now(),
        }
        db.insert_operator(conn, row)
    return {"login": login, "name": display, "satker": unit["code"], "role": role}


def list_operators(store: Store) -> list[dict[str, Any]]:
    with store.read() as conn:
        _managed(conn)
        zone = office_zone(conn)
        rows = db.list_operators(conn)
    for row in rows:
        row["created_at"] = office_time(row["created_at"], zone)
        row["disabled_at"] = office_time(row["disabled_at"], zone)
    return rows


def _existing(conn: Any, login: str) -> dict[str, Any]:
    found = db.get_operator(conn, login)
    if found is None:
        raise NotFound(
            _("unknown operator {login!r}; see `adurabi operator list`").format(login=login)
        )
    return found


def disable_operator(store: Store, login: str) -> dict[str, Any]:
    """The login can no longer connect; its history stays."""
    with store.write() as conn:
        _managed(conn)
        found = _existing(conn, login)
        if found["disabled_at"] is not None:
            raise RuleViolation(_("operator {login} is already disabled").format(login=login))
        db.disable_login(conn, login)
        db.mark_disabled(conn, login, now())
    return {"login": login, "disabled": True}


def change_password(store: Store, login: str, password: str) -> None:
    check_password(password)
    with store.write() as conn:
        _managed(conn)
        found = _existing(conn, login)
        if found["disabled_at"] is not None:
            raise RuleViolation(_("operator {login} is disabled").format(login=login))
        db.set_password(conn, login, password)
