"""What the global options resolved to, and the store opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from adurabi_cli.config import resolve_db, resolve_operator

if TYPE_CHECKING:
    from adurabi_cli.db.store import Store


@dataclass
class AppState:
    db_option: str | None = None
    operator_option: str | None = None
    _store: Store | None = field(default=None, repr=False)
    _access: tuple[bool, bool] = field(default=(False, False), repr=False)

    @property
    def db_target(self) -> str:
        return resolve_db(self.db_option)[0]

    @property
    def db_source(self) -> str:
        return resolve_db(self.db_option)[1]

    @property
    def operator(self) -> str:
        return resolve_operator(self.operator_option)

    def store(self, *, read_only: bool = False, older_schema: bool = False) -> Store:
        """Open (once) the database the global options point at; refuses a missing file.

        read_only, for the commands that only read: opened as it is, never changed (no
        journal switch, no upgrade, no write), also from read-only files and media; an
        older schema is refused unless older_schema (backup copies any version).
        """
        access = (read_only, older_schema)
        if self._store is not None and self._access != access:
            self.close()
        if self._store is None:
            from adurabi_cli.db.store import open_store

            self._store = open_store(self.db_target, read_only=read_only, older_schema=older_schema)
            self._access = access
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


_state = AppState()


def set_state(state: AppState) -> None:
    global _state
    _state = state


def state() -> AppState:
    return _state
