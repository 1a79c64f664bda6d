"""Shared by the proof tests: one holiday cache for the whole session.

Every test gets its own HOME (tests/conftest.py), so every adurabi subprocess would
otherwise compute the Indonesian holidays afresh; the proof starts dozens of them at once.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def shared_holiday_cache(_session_cache, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))
