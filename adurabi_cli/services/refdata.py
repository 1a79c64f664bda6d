"""Reference data loaded once per operation, so validating many rows makes no query per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adurabi_cli.db import reference as db
from adurabi_cli.db.accounts import session_satker
from adurabi_cli.domain.calendar import DEFAULT_SLA_DAYS, WorkingCalendar, stored_holidays
from adurabi_cli.domain.clock import OFFICE_ZONE
from adurabi_cli.domain.compliance import DEFAULT_REPORT_DEADLINE
from adurabi_cli.domain.letterhead import Office
from adurabi_cli.domain.satker_names import find_satker
from adurabi_cli.domain.settings import (
    REPORT_DEADLINE_KEY,
    SETTINGS,
    SLA_KEY,
    TIMEZONE_KEY,
    office,
)
from adurabi_cli.domain.vocab import pick_term
from adurabi_cli.errors import InvalidInput, NotFound, RuleViolation
from adurabi_cli.i18n import _


@dataclass
class RefData:
    satker: dict[str, dict[str, Any]]
    vocab: dict[str, list[str]]
    labels: dict[tuple[str, str], str]
    media_groups: dict[str, str]
    calendar: WorkingCalendar
    sla_days: int
    report_deadline: int = DEFAULT_REPORT_DEADLINE
    # A satker operator's own satker (PostgreSQL accounts); None when the session sees all.
    scope: int | None = None
    # The office's time zone (setting `timezone`): times shown to people are in it.
    zone: str = OFFICE_ZONE
    # The letterhead and signer of printed recaps (settings office_name ... place).
    office: Office = field(default_factory=Office)

    def shown_satker(self) -> list[dict[str, Any]]:
        """The active satker that recaps, the monitor and exports cover for this session."""
        return [
            s
            for s in self.satker.values()
            if s["active"] and (self.scope is None or s["id"] == self.scope)
        ]

    def satker_of(self, text: str, *, active: bool = True, field: str = "satker") -> dict[str, Any]:
        """The satker named by its code, its official name or an alias (case and spacing
        ignored, a name spelt as a code too); a near miss is offered in the error."""
        value = " ".join(str(text).split())
        if not value:
            raise InvalidInput(_("satker is empty"), field=field)
        found = self.satker.get(value.lower())
        if found is None:
            named, close = find_satker(self.satker.values(), value)
            if len(named) > 1:
                raise InvalidInput(
                    _("satker name {value!r} is ambiguous; use the code").format(value=value),
                    field=field,
                )
            if not named:
                hint = _("see `adurabi satker list`")
                if close:
                    hint = _("did you mean {names}?").format(names=_(" or ").join(close))
                raise NotFound(
                    _("unknown satker {value!r}; {hint}").format(value=value, hint=hint),
                    field=field,
                )
            found = named[0]
        if active and not found["active"]:
            raise RuleViolation(
                _("satker {value} is inactive").format(value=found["code"]), field=field
            )
        return found

    def term(self, kind: str, text: str, *, field: str | None = None) -> str:
        """A vocabulary slug from a slug, alias or label; the error lists the valid ones."""
        known = self.vocab.get(kind, [])
        try:
            return pick_term(kind, text, known)
        except InvalidInput as exc:
            wanted = " ".join(str(text).split()).lower()
            for slug in known:
                if self.labels[(kind, slug)].lower() == wanted:
                    return slug
            exc.field = field or kind
            raise

    def label(self, kind: str, slug: str) -> str:
        return self.labels.get((kind, slug), slug)


def load_refdata(conn: Any) -> RefData:
    satker = {row["code"]: row for row in db.list_satker(conn)}
    vocab: dict[str, list[str]] = {}
    labels: dict[tuple[str, str], str] = {}
    groups: dict[str, str] = {}
    for row in db.list_vocab(conn):
        vocab.setdefault(row["kind"], []).append(row["slug"])
        labels[(row["kind"], row["slug"])] = row["label"]
        if row["kind"] == "media" and row["group"]:
            groups[row["slug"]] = row["group"]
    stored = db.settings(conn)
    sla, deadline = stored.get(SLA_KEY), stored.get(REPORT_DEADLINE_KEY)
    return RefData(
        satker=satker,
        vocab=vocab,
        labels=labels,
        media_groups=groups,
        calendar=WorkingCalendar(
            db.holiday_days(conn), official=stored_holidays(db.official_days(conn))
        ),
        sla_days=int(sla) if sla else DEFAULT_SLA_DAYS,
        report_deadline=int(deadline) if deadline else DEFAULT_REPORT_DEADLINE,
        scope=session_satker(conn),
        zone=_zone(stored.get(TIMEZONE_KEY)),
        office=office(stored),
    )


def office_zone(conn: Any) -> str:
    """The office's time zone (setting `timezone`), for a command that needs nothing else."""
    return _zone(db.get_setting(conn, TIMEZONE_KEY))


def _zone(stored: str | None) -> str:
    return SETTINGS[TIMEZONE_KEY].load(TIMEZONE_KEY, stored)
