"""How a history line reads in a table: its action and field as words of the active language.

The history stores slugs (`create`, `status`, `resolved_on`) and `--json`/`--csv` print them as
stored; a person reading `complaint history` or `news history` reads "dibuat", "status diubah",
"tanggal selesai". A slug without a label here is shown as stored.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from adurabi_cli.i18n import N_, _, readable
from adurabi_cli.render.output import Column, moment, plain_value

ACTION_LABELS = {
    "create": N_("created"),
    "update": N_("changed"),
    "status": N_("status changed"),
    "note": N_("note added"),
    "deadline": N_("deadline moved"),
    "assign": N_("officer assigned"),
    "withdraw": N_("withdrawn"),
    "reply": N_("reply recorded"),
    "forward": N_("forwarded"),
    "extend": N_("deadline extended"),
    "delete": N_("deleted"),
    "attach": N_("file attached"),
    "file-remove": N_("file removed"),
}
FIELD_LABELS = {
    "satker": N_("satker"),
    "received_on": N_("date received"),
    "channel": N_("channel"),
    "category": N_("category"),
    "summary": N_("summary"),
    "complainant_name": N_("complainant name"),
    "complainant_contact": N_("complainant contact"),
    "anonymous": N_("anonymous"),
    "confidential": N_("confidential"),
    "external_ref": N_("external ref"),
    "status": N_("status"),
    "due_on": N_("deadline"),
    "extended": N_("extended"),
    "resolved_on": N_("close date"),
    "resolution": N_("resolution"),
    "officer": N_("officer"),
    "officer_nip": N_("officer NIP"),
    "forwarded_to": N_("forwarded to"),
    "file": N_("file"),
    "reply": N_("reply"),
    "withdrawn_at": N_("withdrawn on"),
    "published_on": N_("publication date"),
    "title": N_("title"),
    "media": N_("media"),
    "outlet": N_("outlet"),
    "url": N_("URL"),
    "sentiment": N_("sentiment"),
    "views": N_("views"),
    "likes": N_("likes"),
    "comments": N_("comments"),
    "shares": N_("shares"),
}
# Values are stored as text: ISO dates and moments, true/false for yes/no fields.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_FLAGS = {"true": "ya", "false": "tidak"}


def action_label(value: Any) -> str:
    label = ACTION_LABELS.get(value)
    return _(label) if label else plain_value(value)


def field_label(value: Any) -> str:
    label = FIELD_LABELS.get(value)
    return _(label) if label else plain_value(value)


def value_text(value: Any) -> str:
    """An old or new value as tables show values: 24/03/2025, ya/tidak."""
    if isinstance(value, str):
        if _ISO_DAY.fullmatch(value):
            return readable(date.fromisoformat(value))
        if value in _FLAGS:
            return _FLAGS[value]
    return plain_value(value)


# The columns of `complaint history`, `news history` and the history part of `show`.
HISTORY_COLUMNS = (
    Column("at", "Waktu", fmt=moment),
    Column("operator", "Operator"),
    Column("action", "Aksi", fmt=action_label),
    Column("field", "Kolom", fmt=field_label),
    Column("old_value", "Lama", fmt=value_text, max_width=40),
    Column("new_value", "Baru", fmt=value_text, max_width=40),
    Column("note", "Catatan", max_width=50),
)
