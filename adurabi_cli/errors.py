"""The one error hierarchy: services and domain code raise it, the CLI maps it to exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    REFUSED = 1
    USAGE = 2
    STORAGE = 3
    INTERRUPTED = 130


class AdurabiError(Exception):
    """Base of every error a user may see; the message is one plain sentence."""

    exit_status: ExitStatus = ExitStatus.REFUSED

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # The input field (option or import column) at fault, when there is one.
        self.field = field

    def __str__(self) -> str:
        return self.message


class InvalidInput(AdurabiError):
    """A value that does not parse or is out of range (a bad date, an unknown slug)."""


class NotFound(AdurabiError):
    """A referenced record (satker, complaint, news item) does not exist."""


class Duplicate(AdurabiError):
    """The record would repeat one already stored (code, external ref, URL)."""


class RuleViolation(AdurabiError):
    """The input is well formed but a rule refuses it (a status move, a nil report)."""


class ImportRejected(AdurabiError):
    """An import file has bad rows; `problems` lists each as (row, column, reason)."""

    def __init__(self, message: str, problems: list[tuple[int, str, str]]) -> None:
        super().__init__(message)
        self.problems = problems


class StorageError(AdurabiError):
    """The database cannot be used: missing, locked, corrupt, read-only, too new."""

    exit_status = ExitStatus.STORAGE


class DeliveryError(AdurabiError):
    """The mail server could not be reached, refused TLS or the login, or refused a message."""

    exit_status = ExitStatus.STORAGE
