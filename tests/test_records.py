"""Each record type is described once (db/models.py): the limits validation enforces are the
description's, and they never reach the tables' column types."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import SQLModel

from adurabi_cli.db.models import Complaint, News, max_length
from adurabi_cli.domain.calendar import WorkingCalendar
from adurabi_cli.domain.vocab import DEFAULT_VOCAB
from adurabi_cli.errors import InvalidInput
from adurabi_cli.services.complaints import prepare_complaint
from adurabi_cli.services.news import prepare_news
from adurabi_cli.services.refdata import RefData

TODAY = date(2025, 4, 30)
COMPLAINT_REF = RefData(
    {"kanwil": {"id": 1, "code": "kanwil", "name": "Kanwil Bali", "active": True}},
    {kind: [t.slug for t in terms] for kind, terms in DEFAULT_VOCAB.items()},
    {(kind, t.slug): t.label for kind, terms in DEFAULT_VOCAB.items() for t in terms},
    {},
    WorkingCalendar(),
    14,
)


def _limited(model: type[SQLModel]) -> list[str]:
    names = []
    for name in model.model_fields:
        try:
            max_length(model, name)
        except LookupError:
            continue
        names.append(name)
    return names


def test_the_limited_fields_are_those_of_the_description():
    assert _limited(Complaint) == [
        "summary", "complainant_name", "complainant_contact", "external_ref", "officer",
    ]  # fmt: skip
    assert _limited(News) == ["title", "outlet", "url"]


@pytest.mark.parametrize("model", [Complaint, News])
def test_a_limit_leaves_the_column_type_unlimited(model):
    table = model.__table__  # type: ignore[attr-defined]
    for name in _limited(model):
        assert table.c[name].type.length is None, name


@pytest.mark.parametrize(
    "name", ["summary", "complainant_name", "complainant_contact", "external_ref"]
)
def test_a_typed_or_imported_complaint_is_held_to_the_described_limit(name):
    limit = max_length(Complaint, name)
    base = {"satker": "kanwil", "received_on": TODAY, "summary": "Antrean lama"}
    for imported in (False, True):
        row = prepare_complaint(
            COMPLAINT_REF, {**base, name: "x" * limit}, today=TODAY, imported=imported
        )
        assert row[name] == "x" * limit
        with pytest.raises(InvalidInput) as refused:
            prepare_complaint(
                COMPLAINT_REF, {**base, name: "x" * (limit + 1)}, today=TODAY, imported=imported
            )
        assert refused.value.field == name


def test_a_restored_complaints_officer_is_held_to_the_described_limit():
    limit = max_length(Complaint, "officer")
    base = {"satker": "kanwil", "received_on": TODAY, "summary": "Antrean lama"}
    row = prepare_complaint(
        COMPLAINT_REF, {**base, "officer": "x" * limit}, today=TODAY, imported=True
    )
    assert row["officer"] == "x" * limit
    with pytest.raises(InvalidInput) as refused:
        prepare_complaint(
            COMPLAINT_REF, {**base, "officer": "x" * (limit + 1)}, today=TODAY, imported=True
        )
    assert refused.value.field == "officer"


@pytest.mark.parametrize("name", ["title", "outlet"])
def test_a_news_item_is_held_to_the_described_limit(ref, name):
    limit = max_length(News, name)
    base = {"satker": "lapas-kerobokan", "title": "Bakti sosial", "media": "online"}
    row = prepare_news(ref, {**base, name: "x" * limit}, today=TODAY)
    assert row[name] == "x" * limit
    with pytest.raises(InvalidInput) as refused:
        prepare_news(ref, {**base, name: "x" * (limit + 1)}, today=TODAY)
    assert refused.value.field == name
