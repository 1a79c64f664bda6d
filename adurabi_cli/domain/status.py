"""The complaint workflow: statuses and the moves allowed between them (docs/design.md 5-6)."""

from __future__ import annotations

from adurabi_cli.errors import InvalidInput, RuleViolation
from adurabi_cli.i18n import N_, _

# Order matters: an open complaint may only move forward through it.
OPEN_STATUSES: tuple[str, ...] = ("diterima", "diverifikasi", "diproses")
CLOSED_STATUSES: tuple[str, ...] = ("selesai", "ditolak", "dialihkan")
STATUSES: tuple[str, ...] = OPEN_STATUSES + CLOSED_STATUSES
REOPEN_STATUS = "diproses"

STATUS_LABELS: dict[str, str] = {
    "diterima": "Diterima",
    "diverifikasi": "Diverifikasi",
    "diproses": "Diproses",
    "selesai": "Selesai",
    "ditolak": "Ditolak",
    "dialihkan": "Dialihkan",
}

STATUS_ALIASES: dict[str, str] = {
    "received": "diterima",
    "verified": "diverifikasi",
    "in_progress": "diproses",
    "in-progress": "diproses",
    "resolved": "selesai",
    "rejected": "ditolak",
    "forwarded": "dialihkan",
}

# What --note must hold when closing as each status, quoted back when it is missing.
CLOSING_NOTE_MEANING: dict[str, str] = {
    "selesai": N_("the resolution"),
    "ditolak": N_("the reason"),
    "dialihkan": N_("where it was forwarded"),
}

_OPEN = frozenset(OPEN_STATUSES)
_CLOSED = frozenset(CLOSED_STATUSES)
_PRIMARY_ALIAS = {slug: alias for alias, slug in reversed(STATUS_ALIASES.items())}


def _choices() -> str:
    """The valid statuses with their English alias, for messages."""
    parts = [f"{slug} ({_PRIMARY_ALIAS[slug]})" for slug in STATUSES]
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def normalise_status(text: str) -> str:
    """The status slug for a slug or English alias, any case."""
    word = text.strip().lower()
    if word in STATUS_LABELS:
        return word
    if word in STATUS_ALIASES:
        return STATUS_ALIASES[word]
    raise InvalidInput(
        _("unknown status '{value}'; use {value2}").format(value=text.strip(), value2=_choices())
    )


def is_open(status: str) -> bool:
    """Whether a complaint in this status still needs follow-up."""
    if status in _OPEN:
        return True
    if status in _CLOSED:
        return False
    return normalise_status(status) in _OPEN


def is_closed(status: str) -> bool:
    """Whether a complaint in this status is finished (selesai, ditolak, dialihkan)."""
    return not is_open(status)


def status_label(status: str) -> str:
    """The Indonesian label of a status, e.g. Diproses."""
    return STATUS_LABELS[normalise_status(status)]


def allowed_moves(current: str) -> tuple[str, ...]:
    """The statuses a complaint in `current` may move to."""
    slug = normalise_status(current)
    if slug in _CLOSED:
        return (REOPEN_STATUS,)
    later_open = OPEN_STATUSES[OPEN_STATUSES.index(slug) + 1 :]
    return later_open + CLOSED_STATUSES


def check_move(current: str, new: str, note: str | None) -> None:
    """Refuse a status move the workflow forbids or that lacks its required note."""
    old_slug = normalise_status(current)
    new_slug = normalise_status(new)
    if new_slug == old_slug:
        raise RuleViolation(_("complaint is already {new_slug}").format(new_slug=new_slug))
    allowed = allowed_moves(old_slug)
    if new_slug not in allowed:
        raise RuleViolation(
            _("cannot move from {old_slug} to {new_slug}; allowed: {value}").format(
                old_slug=old_slug, new_slug=new_slug, value=", ".join(allowed)
            )
        )
    has_note = note is not None and note.strip() != ""
    if has_note:
        return
    if old_slug in _CLOSED:
        raise RuleViolation(_("reopening needs --note (the reason)"))
    if new_slug in _CLOSED:
        meaning = _(CLOSING_NOTE_MEANING[new_slug])
        raise RuleViolation(
            _("closing as {new_slug} needs --note ({meaning})").format(
                new_slug=new_slug, meaning=meaning
            )
        )


def is_reopening(current: str, new: str) -> bool:
    """Whether moving current -> new reopens a closed complaint (resolved_on is cleared)."""
    return not is_open(current) and is_open(new)


def is_closing(current: str, new: str) -> bool:
    """Whether moving current -> new closes an open complaint (resolved_on is set)."""
    return is_open(current) and not is_open(new)
