"""News nil reports ("tidak ada publikasi"): a quiet month declared rather than left silent.

A satker that published nothing in a month says so with `news nil`; the recap then counts its
news side as reported ("nil"). News published in that month outranks the declaration.
"""

from __future__ import annotations

from typing import Any

from adurabi_cli.db import history
from adurabi_cli.db import news_nil as db
from adurabi_cli.db.complaints import lock_satker
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, today
from adurabi_cli.domain.complaints import clean_note
from adurabi_cli.domain.dates import parse_month
from adurabi_cli.errors import Duplicate, RuleViolation
from adurabi_cli.i18n import _
from adurabi_cli.services.nil_reports import check_month_may_be_declared
from adurabi_cli.services.refdata import load_refdata

ENTITY = "news_nil_report"


def declare_news_nil(
    store: Store, satker: str, month: str, operator: str, note: str | None = None
) -> dict[str, Any]:
    """Record that a satker published no news in a month."""
    day = today()
    wanted = parse_month(month, today=day)
    note_text = clean_note(note)
    with store.write() as conn:
        ref = load_refdata(conn)
        unit = ref.satker_of(satker, field="--satker")
        check_month_may_be_declared(wanted, ref.calendar, day)
        # Waits for a news item being added to this satker right now, so it is counted.
        lock_satker(conn, unit["id"])
        count = db.count_published(conn, unit["id"], wanted.first_day, wanted.last_day)
        if count:
            raise RuleViolation(
                _(
                    "{value} has {count} news item(s) published in {wanted}; a "
                    "nil report is only for a month without news"
                ).format(value=unit["code"], count=count, wanted=wanted.label)
            )
        if db.has_active(conn, unit["id"], str(wanted)):
            raise Duplicate(
                _("{value} has already reported no news for {wanted}").format(
                    value=unit["code"], wanted=wanted.label
                )
            )
        at = now()
        nil_id = db.insert(conn, unit["id"], str(wanted), operator, at)
        history.record(
            conn, [history.entry(ENTITY, nil_id, "create", operator, at, note=note_text)]
        )
    return {"satker": unit["code"], "month": str(wanted), "created_by": operator, "created_at": at}
