"""Many rows prepared at once, given column by column (field -> its values down the rows).

An import checks thousands of rows against the same rules. Going down one column at a time
lets each distinct satker, date or word be checked once (see Memo) and the rows be put
together in C, where a Python call per row per field would cost more than the checks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from functools import partial
from itertools import compress
from operator import itemgetter, ne
from typing import Any

from adurabi_cli.domain.memo import Memo

_FLAG_TYPES = frozenset({bool, type(None)})


# Rows given column by column: field -> its values, one per row, every list of one length.
Columns = dict[str, list[Any]]


def rows_of(columns: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """One dict per row, its keys in the order of columns."""
    return list(map(dict, map(partial(zip, tuple(columns)), zip(*columns.values(), strict=True))))


def columns_of(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> Columns:
    """Each name's values across rows (None where a row has no such key)."""
    columns: Columns = {}
    for name in names:
        try:
            columns[name] = list(map(itemgetter(name), rows))  # one C call per value
        except KeyError:
            columns[name] = [row.get(name) for row in rows]
    return columns


def size(columns: Mapping[str, Sequence[Any]]) -> int:
    """How many rows columns hold."""
    return len(next(iter(columns.values()), ()))


def column(columns: Mapping[str, list[Any]], name: str) -> list[Any]:
    """The values of one column; None for each row where columns have no such field."""
    found = columns.get(name)
    return [None] * size(columns) if found is None else found


def without(columns: Columns, dropped: Collection[int]) -> Columns:
    """columns less the rows at the indexes dropped."""
    if not dropped:
        return columns
    keep = [index not in dropped for index in range(size(columns))]
    return {name: list(compress(values, keep)) for name, values in columns.items()}


def extend(columns: Columns, more: Mapping[str, list[Any]]) -> None:
    """Add the rows of more (the same fields) below those of columns."""
    for name, values in more.items():
        columns.setdefault(name, []).extend(values)


def mapped(memo: Memo, values: Sequence[Any]) -> list[Any]:
    """memo[value] for each value: a lookup in C for every value met before."""
    return list(map(memo.__getitem__, values))


def flags(values: Sequence[Any], convert: Callable[[Any], bool]) -> list[bool]:
    """Yes/no values: a column already typed as True, False or empty (None, meaning no)
    is read without a call per value; any other goes through convert."""
    if set(map(type, values)) <= _FLAG_TYPES:
        return list(map(bool, values))
    return list(map(convert, values))


def unset(columns: Mapping[str, Sequence[Any]], names: Sequence[str]) -> bool:
    """Whether none of these columns holds a value (a column absent holds none)."""
    return all(columns[name].count(None) == len(columns[name]) for name in names if name in columns)


def repeats(keys: Sequence[Hashable], indexes: Sequence[int]) -> list[tuple[int, int]]:
    """(index, index of the first with the same key) for each of indexes (ascending, with
    keys[i] the key of indexes[i]) whose key an earlier one already has."""
    first: dict[Hashable, int] = {}
    earliest = list(map(first.setdefault, keys, indexes))  # in C: no Python call per key
    return list(compress(zip(indexes, earliest, strict=True), map(ne, indexes, earliest)))


def present(values: Sequence[Any]) -> list[int]:
    """The indexes of the values that are set (neither None nor empty)."""
    return list(compress(range(len(values)), values))


def picked(values: Sequence[Any], indexes: Sequence[int]) -> list[Any]:
    """values[i] for each of indexes."""
    return list(map(values.__getitem__, indexes))
