"""One column set for export, import and template."""

from __future__ import annotations

import pytest

from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.columns import (
    COMPLAINT_COLUMNS,
    NEWS_COLUMNS,
    columns_for,
    export_columns,
    find_column,
    header_key,
    template_columns,
)

# DESIGN.md section 4.
COMPLAINT_FIELDS = {
    "number", "satker", "received_on", "channel", "category", "summary", "complainant_name",
    "complainant_contact", "anonymous", "confidential", "external_ref", "status", "due_on",
    "extended", "resolved_on", "resolution", "officer", "officer_nip", "overdue",
    "first_reply_on", "forwarded_from", "forwarded_to", "files",
}  # fmt: skip
NEWS_FIELDS = {
    "satker", "published_on", "title", "media", "outlet", "url", "category", "sentiment",
    "views", "likes", "comments", "shares", "also_satker",
}  # fmt: skip


def test_column_sets_hold_the_design_fields_once_each():
    assert {c.field for c in COMPLAINT_COLUMNS} == COMPLAINT_FIELDS
    assert {c.field for c in NEWS_COLUMNS} == NEWS_FIELDS
    for columns in (COMPLAINT_COLUMNS, NEWS_COLUMNS):
        assert len({c.field for c in columns}) == len(columns)
        owner: dict[str, str] = {}
        for column in columns:
            for key in {header_key(column.header), header_key(column.field)}:
                assert owner.setdefault(key, column.field) == column.field, key


def test_headers_operators_read():
    by_field = {c.field: c.header for c in COMPLAINT_COLUMNS}
    assert by_field["number"] == "Nomor Pengaduan"
    assert by_field["received_on"] == "Tanggal Diterima"
    assert by_field["external_ref"] == "Nomor SP4N-LAPOR!/Referensi"
    assert by_field["overdue"] == "Terlambat"
    news = {c.field: c.header for c in NEWS_COLUMNS}
    assert news["outlet"] == "Nama Media/Akun"
    assert news["url"] == "Tautan"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Tanggal Diterima", "received_on"),
        ("  tanggal   DITERIMA ", "received_on"),
        ("received_on", "received_on"),
        ("Received On", "received_on"),
        ("RECEIVED_ON", "received_on"),
        ("Satker *", "satker"),
        ("nomor sp4n-lapor!/referensi", "external_ref"),
        ("Terlambat", "overdue"),
    ],
)
def test_header_lookup_accepts_either_form(header, field):
    assert find_column("complaints", header).field == field


def test_lookup_ignores_program_columns_and_refuses_unknown_ones():
    assert find_column("complaints", "created_at") is None
    assert find_column("news", "media_group") is None
    with pytest.raises(InvalidInput, match="unknown column 'Catatan'"):
        find_column("complaints", "Catatan")
    # News headers are not complaint headers.
    with pytest.raises(InvalidInput):
        find_column("complaints", "Tanggal Terbit")
    with pytest.raises(InvalidInput, match="unknown kind of record"):
        columns_for("satker")


def test_personal_columns_only_on_request():
    without = {c.field for c in export_columns("complaints")}
    assert "complainant_name" not in without and "complainant_contact" not in without
    assert "summary" in without
    full = {c.field for c in export_columns("complaints", include_personal=True)}
    assert full == COMPLAINT_FIELDS
    assert {c.field for c in export_columns("news")} == NEWS_FIELDS


def test_template_offers_what_a_satker_types():
    fields = [c.field for c in template_columns("complaints")]
    assert fields[:2] == ["satker", "received_on"]
    for derived in ("number", "due_on", "extended", "overdue"):
        assert derived not in fields
    assert [c.field for c in template_columns("news")] == [c.field for c in NEWS_COLUMNS]
    assert all(c.description for c in (*COMPLAINT_COLUMNS, *NEWS_COLUMNS))
