"""A memo of a conversion, for the values a bulk operation meets again and again."""

from __future__ import annotations

from collections.abc import Callable
from numbers import Number
from typing import Any

# Distinct values remembered: dates, satker and yes/no words repeat across a file, and a
# column that turns out to hold mostly unique values stops growing here.
MEMO_LIMIT = 4096


class Memo(dict):
    """memo[value] is convert(value), remembered after the first time (never an error).

    A value seen before is found by the dictionary's own lookup, in C, without a Python
    call. Text, dates and None are keys themselves; numbers are kept apart under their type
    in `typed` (1, 1.0 and True are equal keys, but not the same cell).
    """

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert
        self.typed: dict[tuple[type, Any], Any] = {}

    def __missing__(self, value: Any) -> Any:
        if isinstance(value, Number):
            key = (type(value), value)
            if key in self.typed:
                return self.typed[key]
            result = self.convert(value)
            if len(self.typed) < MEMO_LIMIT:
                self.typed[key] = result
            return result
        result = self.convert(value)
        if len(self) < MEMO_LIMIT:
            self[value] = result
        return result
