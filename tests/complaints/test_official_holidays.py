"""The on-disk cache of public holidays gives the same deadlines, just without the import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from adurabi_cli.domain import calendar
from adurabi_cli.services import official_holidays as cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache.clear_memory()
    yield tmp_path / "cache"
    cache.clear_memory()


def test_same_holidays_as_the_package_and_written_once(cache_dir):
    from platformdirs import user_cache_path

    assert cache.cache_path().parent == user_cache_path("adurabi", appauthor=False)
    assert cache.cache_path().parent.parent == cache_dir
    assert dict(cache.official_holidays(2025)) == dict(calendar.official_holidays(2025))
    data = json.loads(cache.cache_path().read_text(encoding="utf-8"))
    assert data["key"] == cache.package_key()
    assert {"2020", "2025", "2030"} <= set(data["years"])
    assert ["2025-03-29", "Hari Suci Nyepi"] in data["years"]["2025"]


def test_a_fresh_process_reads_the_cache_without_importing_holidays(cache_dir):
    cache.official_holidays(2025)
    script = (
        "import sys\n"
        "from adurabi_cli.services.official_holidays import official_holidays\n"
        "days = official_holidays(2026)\n"
        "print(len(days), 'holidays' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_dir)},
    ).stdout.split()
    assert out == [str(len(calendar.official_holidays(2026))), "False"]


@pytest.mark.parametrize(
    "content",
    [
        lambda key: "not json",
        lambda key: json.dumps({"key": "an older holidays release", "years": {"2025": []}}),
        lambda key: json.dumps({"key": key, "years": "not a mapping"}),
        lambda key: json.dumps({"key": key, "years": {"2025": [["31/02/2025", "x"]]}}),
    ],
    ids=["not-json", "other-release", "bad-years", "bad-date"],
)
def test_a_stale_or_damaged_cache_is_recomputed(cache_dir, content):
    path = cache.cache_path()
    path.parent.mkdir(parents=True)
    path.write_text(content(cache.package_key()), encoding="utf-8")
    assert dict(cache.official_holidays(2025)) == dict(calendar.official_holidays(2025))
    assert json.loads(path.read_text())["key"] == cache.package_key()


def test_an_unwritable_cache_folder_only_costs_time(cache_dir):
    cache_dir.mkdir()
    (cache_dir / "adurabi").write_text("a file where the folder should be")
    assert date(2025, 3, 29) in cache.official_holidays(2025)


def test_calendars_built_from_refdata_use_the_cache(cli, initialized, cache_dir):
    cli("complaint", "add", "--satker", "kanwil", "--summary", "x", "--received", "2025-03-24")
    assert cache.cache_path().exists()
