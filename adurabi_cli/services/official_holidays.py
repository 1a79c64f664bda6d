"""Indonesian public holidays, cached on disk so a deadline does not load the `holidays` package.

Computing one year's holidays imports the package and every country it knows (about 70 ms),
more than the rest of `complaint add`. The result only changes when the package does, so it
is kept in the user cache folder, keyed by the installed package's files, and recomputed
whenever they differ. Any trouble with the cache (missing, damaged, unwritable) just means
computing as before: the cache can make a deadline faster, never different.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from contextlib import suppress
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from types import MappingProxyType

from adurabi_cli.domain import calendar

CACHE_FILE = "holidays-ID-id.json"
# Years computed around a missing one, so a cache miss is rare (one import serves them all).
_WINDOW = 5

_memory: dict[int, Mapping[date, str]] = {}
_loaded = False


def cache_path() -> Path:
    """The cache file in the user cache folder (platformdirs' choice on every system)."""
    if sys.platform.startswith("linux"):
        # platformdirs' rule on Linux, without the cost of importing it on every add.
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
        return Path(base) / "adurabi" / CACHE_FILE
    from platformdirs import user_cache_path

    return user_cache_path("adurabi", appauthor=False) / CACHE_FILE


def official_holidays(year: int) -> Mapping[date, str]:
    """The public holidays of a year (same as domain.calendar's), from the cache when valid."""
    global _loaded
    if year in _memory:
        return _memory[year]
    key = package_key()
    if not _loaded:
        _loaded = True
        if key is not None:
            _memory.update(_read(cache_path(), key))
        if year in _memory:
            return _memory[year]
    years = range(max(year - _WINDOW, 1), min(year + _WINDOW, 9999) + 1)
    for each in years:
        if each not in _memory:
            _memory[each] = calendar.official_holidays(each)
    if key is not None:
        _write(cache_path(), key)
    return _memory[year]


def package_key() -> str | None:
    """Identifies the installed `holidays` release by its files, without importing it."""
    try:
        spec = find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent
    parts = [str(folder)]
    for name in ("version.py", "countries/indonesia.py", "locale/id/LC_MESSAGES/ID.mo"):
        try:
            info = (folder / name).stat()
        except OSError:
            parts.append(f"{name}:-")
            continue
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def clear_memory() -> None:
    """Forget what this process has read (tests)."""
    global _loaded
    _memory.clear()
    _loaded = False


def _read(path: Path, key: str) -> dict[int, Mapping[date, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return {}
        return {
            int(year): MappingProxyType({date.fromisoformat(day): str(name) for day, name in days})
            for year, days in data["years"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write(path: Path, key: str) -> None:
    data = {
        "key": key,
        "years": {
            str(year): [[day.isoformat(), name] for day, name in sorted(days.items())]
            for year, days in sorted(_memory.items())
        },
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        # Atomic: a reader sees the old file or the new one, never half of one.
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
