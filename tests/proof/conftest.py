"""Shared by the proof tests: one holiday cache for the whole session, and a 100,000-row
CSV of complaints.

Every test gets its own HOME (tests/conftest.py), so every adurabi subprocess would
otherwise compute the Indonesian holidays afresh; the proof starts dozens of them at once.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.proof.helpers import IMPORT_ROWS, SATKER, WORDS


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def shared_holiday_cache(_session_cache, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))


@pytest.fixture(scope="session")
def big_csv(tmp_path_factory) -> Path:
    """100,000 complaints as a satker's register would export them (field-name header)."""
    path = tmp_path_factory.mktemp("crash") / "pengaduan-100k.csv"
    rnd = random.Random(9)
    first = date(2025, 1, 2)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["satker", "received_on", "channel", "category", "summary",
                         "complainant_name", "external_ref"])  # fmt: skip
        for i in range(IMPORT_ROWS):
            writer.writerow([
                rnd.choice(SATKER),
                (first + timedelta(days=rnd.randrange(110))).isoformat(),
                rnd.choice(["whatsapp", "email", "sp4n-lapor"]),
                rnd.choice(["pungli", "prosedur", "kualitas-layanan"]),
                " ".join(rnd.choices(WORDS, k=rnd.randrange(8, 24))),
                f"Warga {i}",
                f"LAPOR-CRASH-{i:06d}",
            ])  # fmt: skip
    return path


@pytest.fixture(scope="session")
def _big_db(_template_db, big_csv, tmp_path_factory) -> Path | None:
    """An SQLite database holding the 100,000 complaints of big_csv (once per session)."""
    if _template_db is None:
        return None
    import shutil
    import subprocess

    from tests.proof.helpers import adurabi_argv, env_for

    path = tmp_path_factory.mktemp("big") / "big.db"
    shutil.copyfile(_template_db, path)
    subprocess.run(
        adurabi_argv("import", "complaints", big_csv),
        env=env_for(path, ADURABI_TODAY="2025-04-30"),
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path


@pytest.fixture
def big_db(_big_db, test_database) -> Path:
    """This test's database: a copy of _big_db (SQLite only)."""
    test_database.clone(_big_db)
    return test_database.target
