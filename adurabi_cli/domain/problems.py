"""Every problem of one row, not only the first: checks of independent fields collected."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from adurabi_cli.errors import AdurabiError


class Problems:
    """Run each field's check under `check(field)`; `raise_any()` then raises the first
    error found, carrying the others in `others` (import lists them all, a command shows
    the first)."""

    def __init__(self) -> None:
        self.found: list[AdurabiError] = []

    @contextmanager
    def check(self, field: str) -> Iterator[None]:
        try:
            yield
        except AdurabiError as exc:
            if exc.field is None:
                exc.field = field
            self.found.append(exc)

    def raise_any(self) -> None:
        if self.found:
            first = self.found[0]
            first.others = self.found[1:]  # type: ignore[attr-defined]
            raise first
