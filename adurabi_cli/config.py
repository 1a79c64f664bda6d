"""Where the database is and who the operator is: option, then environment, then default."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

APP_NAME = "adurabi"
DB_FILE = "adurabi.db"


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
