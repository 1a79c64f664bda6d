"""Rows of a batch that repeat an earlier row's key."""

from __future__ import annotations

from collections.abc import Hashable, Mapping


def repeats(keys: Mapping[int, Hashable]) -> dict[int, int]:
    """index -> index of the first row with the same key, for each row (keys: index -> key,
    in ascending index order) whose key an earlier row already has."""
    first: dict[Hashable, int] = {}
    found: dict[int, int] = {}
    for index, key in keys.items():
        earlier = first.setdefault(key, index)
        if earlier != index:
            found[index] = earlier
    return found
