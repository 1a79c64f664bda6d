"""Writers side by side on a database server: the locks that keep them from overtaking.

SQLite runs one write transaction at a time (`BEGIN IMMEDIATE`), so a write that reads a
record, or checks that a value is free, and then writes cannot be overtaken by another.
PostgreSQL runs writers side by side (READ COMMITTED, see store.py); these helpers give the
same outcome there with locks held to the end of the write transaction:

- a record read in a write transaction is locked (`lock_read`), so two changes of one
  complaint or news item follow each other and each sees the other's result;
- unique values a write is about to check and insert (a news URL, an external ref) are
  claimed first (`claim_keys`), so the second of two operators entering the same one waits,
  then finds it stored and gets the same sentence as on SQLite instead of a constraint error.

On SQLite, and in read transactions, every helper does nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Select, text

# One number per kind of unique value; the advisory-lock space is shared with any other
# program on the same database, hence the unusual first part.
_NAMESPACES = {
    "news.url_key": 0x4144_0001,
    "complaint.external_ref": 0x4144_0002,
    "complaint.number": 0x4144_0003,
    "period_close.month": 0x4144_0004,
}
# The key of the lock that `init` holds while it creates, upgrades or seeds the schema.
SETUP_LOCK_KEY = 0x4144_0000
# Past this many keys, one exclusive lock on the whole kind: a server's lock table holds a
# few thousand entries, and a bulk import may carry tens of thousands of keys.
MANY_KEYS = 64


def in_server_write(conn: Connection) -> bool:
    """Whether conn runs a write transaction on a server that lets writers run side by side."""
    return conn.dialect.name != "sqlite" and bool(conn.get_execution_options().get("adurabi_write"))


def lock_setup(conn: Connection) -> None:
    """Serialise `init`s: creating, upgrading and seeding the schema run one at a time.

    Held to the end of the transaction, so a second `init` waits, then finds the schema
    made and the seed rows stored. SQLite's write lock already does this.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK_KEY})


def lock_read(conn: Connection, query: Select[Any], of: Any) -> Select[Any]:
    """query, locking the rows it reads of table `of` when conn is a server write."""
    if in_server_write(conn):
        return query.with_for_update(of=of)
    return query


def claim_keys(conn: Connection, kind: str, keys: Iterable[str]) -> None:
    """Hold these unique values of a kind to the end of the write transaction.

    A few keys: a shared lock on the kind and an exclusive lock per key, taken in one order
    by every writer (no deadlock). Many keys: one exclusive lock on the kind, which waits
    for, and holds off, every writer of that kind.
    """
    if conn.dialect.name != "postgresql" or not in_server_write(conn):
        return
    namespace = _NAMESPACES[kind]
    wanted = sorted({_hash(key) for key in keys if key})
    if not wanted:
        return
    if len(wanted) > MANY_KEYS:
        conn.execute(text("SELECT pg_advisory_xact_lock(:kind)"), {"kind": namespace})
        return
    conn.execute(text("SELECT pg_advisory_xact_lock_shared(:kind)"), {"kind": namespace})
    statement = text("SELECT pg_advisory_xact_lock(:kind, :key)")
    for key in wanted:  # one statement each: the order of the locks is the order of the calls
        conn.execute(statement, {"kind": namespace, "key": key})


def _hash(key: str) -> int:
    """A stable signed 32-bit number for a key (two keys sharing one only wait for nothing)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), signed=True)
