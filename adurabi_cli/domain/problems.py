"""Every problem of one row, not only the first: checks of independent fields collected."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from adurabi_cli.errors import AdurabiError


def run_checks(
    checks: Mapping[str, Callable[[], Any]],
) -> tuple[dict[str, Any], list[AdurabiError]]:
    """Each field's check run on its own: (field -> value of those that passed, the errors of
    the others, each tagged with its field unless it names one)."""
    found: dict[str, Any] = {}
    errors: list[AdurabiError] = []
    for field, check in checks.items():
        try:
            found[field] = check()
        except AdurabiError as exc:
            if exc.field is None:
                exc.field = field
            errors.append(exc)
    return found, errors


def raise_any(errors: list[AdurabiError]) -> None:
    """Raise the first error, carrying the others in `others` (import lists them all, a
    command shows the first)."""
    if errors:
        first = errors[0]
        first.others = errors[1:]  # type: ignore[attr-defined]
        raise first
