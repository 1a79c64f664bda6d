"""Creating, upgrading and describing the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adurabi_cli.db import reference as db
from adurabi_cli.db.engine import sqlite_path, to_url
from adurabi_cli.db.locks import lock_setup
from adurabi_cli.db.migrations import LATEST, current_version
from adurabi_cli.db.store import Populate, Store, open_store
from adurabi_cli.domain.calendar import DEFAULT_SLA_DAYS
from adurabi_cli.domain.clock import now
from adurabi_cli.services.refdata import SLA_KEY
from adurabi_cli.services.reference import fill_missing_holiday_years, seed_vocab
from adurabi_cli.services.satker import default_satker_file, read_satker_file


@dataclass
class InitResult:
    location: str
    created: bool
    upgraded: list[str]
    satker_added: list[str] = field(default_factory=list)
    vocab_added: int = 0
    holiday_years_added: list[int] = field(default_factory=list)
    schema_version: int = LATEST

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.upgraded
            or self.satker_added
            or self.vocab_added
            or self.holiday_years_added
        )


def init_database(
    target: str, satker_file: Path | None = None, *, make_folder: bool = False
) -> InitResult:
    """Create or upgrade the schema and seed what is missing; running it again changes nothing.

    A new database gets its schema and its reference data in one transaction (a new SQLite
    file appears only with both in it).
    """
    # Read the seed file before touching the database, so a bad file leaves no empty database.
    seed = read_satker_file(satker_file or default_satker_file())
    result = InitResult("", created=False, upgraded=[])
    store = open_store(
        target,
        create=True,
        make_folder=make_folder,
        populate=lambda conn: _seed(conn, seed, result),
    )
    try:
        result.location, result.created, result.upgraded = (
            store.location,
            store.created,
            store.upgraded,
        )
        if not store.created:
            with store.write() as conn:
                _seed(conn, seed, result)
        return result
    finally:
        store.close()


def seeder(satker_file: Path | None = None) -> Populate:
    """What `init` puts into a new database, for another command creating one (demo)."""
    seed = read_satker_file(satker_file or default_satker_file())
    return lambda conn: _seed(conn, seed, InitResult("", created=True, upgraded=[]))


def _seed(conn: Any, seed: list[dict[str, str]], result: InitResult) -> None:
    """The reference data a database starts with, where missing: satker, vocabulary, national
    holidays, the SLA setting; result records what was added."""
    lock_setup(conn)  # two `init`s at once on a server: the second waits for the first
    present = {row["code"] for row in db.list_satker(conn)}
    missing = [row for row in seed if row["code"] not in present]
    if missing:
        db.insert_satker(conn, missing, now())
    result.satker_added = [row["code"] for row in missing]
    result.vocab_added = seed_vocab(conn)
    result.holiday_years_added = fill_missing_holiday_years(conn)
    if db.get_setting(conn, SLA_KEY) is None:
        db.put_setting(conn, SLA_KEY, str(DEFAULT_SLA_DAYS))


def missing_file(target: str) -> Path | None:
    """The SQLite file target names when there is nothing there yet (before `init`)."""
    try:
        path = sqlite_path(to_url(target))
    except Exception:  # a malformed URL: opening it says so, as for every command
        return None
    return path if path is not None and not path.exists() else None


def describe(store: Store) -> dict[str, Any]:
    """What `adurabi info` shows: location, engine, schema version, settings and counts."""
    with store.read() as conn:
        counts = db.table_counts(conn)
        sla = db.get_setting(conn, SLA_KEY)
        version = current_version(conn)
    return {
        "location": store.location,
        "engine": store.dialect,
        "journal_mode": store.journal_mode if store.path else None,
        "schema_version": version,
        "sla_days": int(sla) if sla else DEFAULT_SLA_DAYS,
        "counts": counts,
    }
