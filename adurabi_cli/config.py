"""Where the database is and who the operator is: option, then environment, then default;
and the checks of every ADURABI_* environment variable."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import LANGUAGES, _

APP_NAME = "adurabi"
DB_FILE = "adurabi.db"
LOCK_TIMEOUT_ENV = "ADURABI_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 30.0
# A day: SQLite and PostgreSQL both count the wait in milliseconds in a 32-bit number.
MAX_LOCK_TIMEOUT = 86_400.0
# Switches that take 1 (on) or 0 (off); empty or unset is the default.
SWITCHES = ("ADURABI_DEBUG", "ADURABI_TTY")
# Variables that carry a value: set but blank is a mistake (an empty expansion in a crontab or
# a script), never a quiet fall back to the default database, operator, wait or day.
VALUED = (
    "ADURABI_DB",
    "ADURABI_OPERATOR",
    LOCK_TIMEOUT_ENV,
    "ADURABI_TODAY",
    "ADURABI_FS_TYPE",
    "ADURABI_LANG",
)


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILE


def resolve_db(option: str | None) -> tuple[str, str]:
    """The database target and where it came from ('--db', 'ADURABI_DB' or 'default')."""
    if option:
        return option, "--db"
    env = os.environ.get("ADURABI_DB", "").strip()
    if env:
        return env, "ADURABI_DB"
    return str(default_db_path()), "default"


def resolve_operator(option: str | None) -> str:
    for value in (option, os.environ.get("ADURABI_OPERATOR")):
        if value and value.strip():
            return value.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def lock_timeout() -> float:
    """Seconds a writer waits for another program's lock (ADURABI_LOCK_TIMEOUT); 0: none."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= MAX_LOCK_TIMEOUT:  # also refuses nan and inf
        raise InvalidInput(
            _(
                "{name} '{value}' is not a number of seconds from 0 to {most} (0: do not wait)"
            ).format(name=LOCK_TIMEOUT_ENV, value=raw, most=f"{MAX_LOCK_TIMEOUT:g}"),
            field=LOCK_TIMEOUT_ENV,
        )
    return value


def check_environment(db: str | None = None, operator: str | None = None) -> None:
    """Refuse a bad value of any ADURABI_* variable, or an empty --db or --operator, before a
    command starts its work."""
    from adurabi_cli.domain.clock import pinned_today

    for option, value in (("--db", db), ("--operator", operator)):
        if value is not None and not value.strip():
            raise InvalidInput(
                _("{option} is empty; give a value or leave the option out").format(option=option),
                field=option,
            )
    for name in VALUED:
        raw = os.environ.get(name)
        if raw is not None and not raw.strip():
            raise InvalidInput(
                _(
                    "{name} is set but empty; give it a value, or unset it (unset {name}) "
                    "for the default"
                ).format(name=name),
                field=name,
            )
    for name in SWITCHES:
        raw = os.environ.get(name, "").strip()
        if raw not in ("", "0", "1"):
            raise InvalidInput(
                _("{name} '{value}' must be 1 (on) or 0 (off)").format(name=name, value=raw),
                field=name,
            )
    language = os.environ.get("ADURABI_LANG")
    if language is not None and language.strip().lower() not in LANGUAGES:
        raise InvalidInput(
            _("ADURABI_LANG '{value}' is not a language of adurabi; use id or en").format(
                value=language
            ),
            field="ADURABI_LANG",
        )
    lock_timeout()
    pinned_today()
