"""The bulk path import and demo use: prepare_complaint, insert_complaints, find_duplicates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from adurabi_cli.db.store import open_store
from adurabi_cli.errors import Duplicate, InvalidInput, NotFound, RuleViolation
from adurabi_cli.services.complaints import (
    find_duplicates,
    insert_complaints,
    prepare_complaint,
)
from adurabi_cli.services.refdata import load_refdata

TODAY = date(2025, 4, 30)


def raw(**fields):
    base = {"satker": "lapas-kerobokan", "received_on": "24/03/2025", "summary": "Antrian lama"}
    return {**base, **fields}


def test_strings_and_cell_values_are_cleaned(ref):
    row = prepare_complaint(
        ref,
        raw(
            satker="Lembaga Pemasyarakatan Kelas IIA Kerobokan",
            received_on=datetime(2025, 3, 24, 9, 30),
            channel="WhatsApp",
            category="Pungutan Liar",
            complainant_name="  Made   Wirawan ",
            complainant_contact=81234567,
            anonymous="tidak",
            confidential="ya",
            external_ref=123456.0,
        ),
        today=TODAY,
    )
    assert row == {
        "number": None,
        "satker_id": ref.satker["lapas-kerobokan"]["id"],
        "satker": "lapas-kerobokan",
        "received_on": date(2025, 3, 24),
        "channel": "whatsapp",
        "category": "pungli",
        "summary": "Antrian lama",
        "complainant_name": "Made Wirawan",
        "complainant_contact": "81234567",
        "anonymous": False,
        "confidential": True,
        "external_ref": "123456",
        "status": "diterima",
        "extended": False,
        "resolved_on": None,
        "resolution": None,
        "officer": None,
        "officer_nip": None,
        "sla_days": 14,
        "due_on": date(2025, 4, 15),
    }


@pytest.mark.parametrize(
    "fields, error, field",
    [
        ({"satker": "lapas-x"}, NotFound, "satker"),
        ({"satker": ""}, InvalidInput, "satker"),
        ({"received_on": ""}, InvalidInput, "received_on"),
        ({"received_on": "2025-05-01"}, InvalidInput, "received_on"),
        ({"received_on": date(2025, 5, 1)}, InvalidInput, "received_on"),
        ({"received_on": date(1999, 5, 1)}, InvalidInput, "received_on"),
        ({"received_on": "13/13/2025"}, InvalidInput, "received_on"),
        ({"channel": "fax"}, InvalidInput, "channel"),
        ({"category": "x"}, InvalidInput, "category"),
        ({"summary": None}, InvalidInput, "summary"),
        ({"summary": "y" * 10_001}, InvalidInput, "summary"),
        ({"anonymous": "ya", "complainant_name": "Made"}, InvalidInput, "complainant_name"),
        ({"anonymous": "mungkin"}, InvalidInput, "anonymous"),
        ({"complainant_name": "n" * 201}, InvalidInput, "complainant_name"),
        ({"external_ref": "r" * 101}, InvalidInput, "external_ref"),
        ({"colour": "red"}, InvalidInput, "colour"),
        ({"status": "selesai"}, InvalidInput, "status"),
        ({"number": "PGD-2025-00001"}, InvalidInput, "number"),
    ],
)
def test_refusals_name_their_field(ref, fields, error, field):
    with pytest.raises(error) as caught:
        prepare_complaint(ref, raw(**fields), today=TODAY)
    assert caught.value.field == field


def test_inactive_satker_only_for_restored_records(ref):
    ref.satker["rutan-negara"]["active"] = False
    with pytest.raises(RuleViolation) as caught:
        prepare_complaint(ref, raw(satker="rutan-negara"), today=TODAY, imported=True)
    assert caught.value.field == "satker"
    row = prepare_complaint(
        ref, raw(satker="rutan-negara", number="pgd-2024-00007"), today=TODAY, imported=True
    )
    assert row["number"] == "PGD-2024-00007"


def test_imported_state_is_kept(ref):
    row = prepare_complaint(
        ref,
        raw(
            status="resolved",
            resolved_on="2025-04-20",
            resolution="Petugas ditegur",
            extended="true",
            due_on="2025-05-07",
            id="12",
            overdue="false",
            created_by="ani",
            created_at="2025-03-24T10:00:00+08:00",
            updated_at="",
        ),
        today=TODAY,
        imported=True,
    )
    assert (row["status"], row["resolved_on"], row["resolution"]) == (
        "selesai",
        date(2025, 4, 20),
        "Petugas ditegur",
    )
    assert row["extended"] is True and row["due_on"] == date(2025, 5, 7)
    computed = prepare_complaint(ref, raw(extended=True), today=TODAY, imported=True)
    assert computed["due_on"] == date(2025, 5, 7)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"status": "selesai", "resolution": "ok"}, "resolved_on"),
        ({"status": "ditolak", "resolved_on": "2025-04-01"}, "resolution"),
        ({"status": "selesai", "resolved_on": "2025-03-01", "resolution": "x"}, "resolved_on"),
        ({"status": "diproses", "resolved_on": "2025-04-01"}, "resolved_on"),
        ({"status": "diproses", "resolution": "x"}, "resolution"),
        ({"status": "tutup"}, "status"),
        ({"number": "PGD-2025-1"}, "number"),
        ({"extended": "2"}, "extended"),
        ({"due_on": "2025-03-01"}, "due_on"),
    ],
)
def test_imported_state_is_checked(ref, fields, field):
    with pytest.raises((InvalidInput, RuleViolation)) as caught:
        prepare_complaint(ref, raw(**fields), today=TODAY, imported=True)
    assert caught.value.field == field


def test_numbers_of_one_year_around_a_given_one(store, ref, table):
    days = ("2025-03-01", "2025-03-02", "2025-02-01")
    rows = [
        prepare_complaint(ref, raw(received_on=day), today=TODAY, imported=True) for day in days
    ]
    rows.insert(1, prepare_complaint(ref, raw(number="PGD-2025-00007"), today=TODAY, imported=True))
    with store.write() as conn:
        first = insert_complaints(conn, ref, rows, "importer")
    assert first == ["PGD-2025-00008", "PGD-2025-00007", "PGD-2025-00009", "PGD-2025-00010"]
    rows = [
        prepare_complaint(ref, raw(received_on=day), today=TODAY, imported=True) for day in days
    ]
    with store.write() as conn:
        again = insert_complaints(conn, ref, rows, "importer")
    assert again == ["PGD-2025-00011", "PGD-2025-00012", "PGD-2025-00013"]
    assert table("number_sequence") == [{"year": 2025, "last": 13}]


def test_insert_numbers_history_and_nil_reports(store, ref, table):
    rows = [
        prepare_complaint(ref, raw(received_on=day), today=TODAY, imported=True)
        for day in ("2025-03-01", "2024-12-31", "2025-03-02")
    ]
    rows.append(prepare_complaint(ref, raw(number="PGD-2025-00040"), today=TODAY, imported=True))
    with store.write() as conn:
        conn.exec_driver_sql(
            "INSERT INTO nil_report (satker_id, month, created_by, created_at) "
            "VALUES (2, '2025-03', 'x', '2025-04-01 00:00:00')"
        )
    with store.write() as conn:
        numbers = insert_complaints(conn, ref, rows, "importer", note="dari rekap.xlsx")
    # Given numbers are kept and lift the counter: new ones of that year come after.
    assert numbers == ["PGD-2025-00041", "PGD-2024-00001", "PGD-2025-00042", "PGD-2025-00040"]
    assert table("number_sequence") == [{"year": 2024, "last": 1}, {"year": 2025, "last": 42}]
    stored = table("SELECT number, created_by FROM complaint ORDER BY id")
    assert [s["number"] for s in stored] == numbers
    assert {s["created_by"] for s in stored} == {"importer"}
    creates = table("SELECT * FROM history WHERE entity = 'complaint' ORDER BY id")
    assert [(h["action"], h["note"]) for h in creates] == [("create", "dari rekap.xlsx")] * 4
    [nil] = table("nil_report")
    assert nil["withdrawn_at"] is not None
    [withdraw] = table("SELECT * FROM history WHERE entity = 'nil_report'")
    assert withdraw["action"] == "withdraw" and "PGD-2025-00041" in withdraw["note"]


def test_duplicates_are_found_and_refused_whole(store, ref, table, cli):
    cli("complaint", "add", "--satker", "kanwil", "--summary", "x", "--external-ref", "L-1")
    rows = [
        prepare_complaint(ref, raw(external_ref="L-2"), today=TODAY, imported=True),
        prepare_complaint(ref, raw(external_ref="L-1"), today=TODAY, imported=True),
        prepare_complaint(ref, raw(number="PGD-2025-00001"), today=TODAY, imported=True),
        prepare_complaint(ref, raw(external_ref="L-2"), today=TODAY, imported=True),
        prepare_complaint(ref, raw(number="PGD-2025-00009"), today=TODAY, imported=True),
        prepare_complaint(ref, raw(number="PGD-2025-00009"), today=TODAY, imported=True),
    ]
    with store.read() as conn:
        assert find_duplicates(conn, rows) == {
            1: "external ref L-1 is already used by PGD-2025-00001",
            2: "number PGD-2025-00001 is already stored",
            3: "external ref L-2 repeats an earlier row",
            5: "number PGD-2025-00009 repeats an earlier row",
        }
    before = (table("complaint"), table("history"), table("number_sequence"))
    expected = r"row 2: external ref L-1 is already used by .* 3 more"
    with pytest.raises(Duplicate, match=expected), store.write() as conn:
        insert_complaints(conn, ref, rows, "importer")
    assert (table("complaint"), table("history"), table("number_sequence")) == before


def test_an_exported_month_reimports_unchanged(cli, add, tmp_path, monkeypatch):
    add("--received", "2025-03-03", "--complainant", "Made", "--contact", "0812")
    closed = add("--received", "2025-03-10", "--external-ref", "LAPOR-1", "--confidential")
    cli(
        "complaint",
        "update",
        closed,
        "--status",
        "selesai",
        "--note",
        "Beres",
        "--on",
        "2025-03-20",
    )
    extended = add("--received", "2025-03-24", "--anonymous")
    cli("complaint", "extend", extended, "--note", "x")
    exported = cli.json("complaint", "list", "--month", "2025-03")

    target = tmp_path / "copy.db"
    cli("--db", target, "init")
    copy = open_store(str(target))
    try:
        with copy.write() as conn:
            ref = load_refdata(conn)
            rows = [prepare_complaint(ref, r, today=TODAY, imported=True) for r in exported]
            insert_complaints(conn, ref, rows, "importer")
    finally:
        copy.close()
    again = cli.json("--db", target, "complaint", "list", "--month", "2025-03")
    volatile = ("id", "created_by", "created_at", "updated_at")
    strip = [{k: v for k, v in r.items() if k not in volatile} for r in exported]
    assert [{k: v for k, v in r.items() if k not in volatile} for r in again] == strip
    # The counter moved past the restored numbers.
    monkeypatch.setenv("ADURABI_DB", str(target))
    assert add("--received", "2025-03-05") == "PGD-2025-00004"


def test_a_caller_that_checked_duplicates_is_spared_the_second_look(store, ref, table, monkeypatch):
    from adurabi_cli.services import complaints as service

    rows = [
        prepare_complaint(ref, raw(external_ref=f"L-{i}"), today=TODAY, imported=True)
        for i in range(3)
    ]
    looked: list[int] = []
    real = service.find_duplicates

    def counting(conn, rows):
        looked.append(len(rows))
        return real(conn, rows)

    with store.write() as conn:
        assert service.find_duplicates(conn, rows) == {}
    monkeypatch.setattr(service, "find_duplicates", counting)
    with store.write() as conn:
        numbers = insert_complaints(conn, ref, rows, "importer", duplicates_checked=True)
    assert looked == []
    assert [r["external_ref"] for r in table("SELECT * FROM complaint ORDER BY id")] == [
        "L-0",
        "L-1",
        "L-2",
    ]
    assert len(numbers) == 3
    # Without the word of the caller, insert_complaints looks itself.
    more = [prepare_complaint(ref, raw(external_ref="L-9"), today=TODAY, imported=True)]
    with store.write() as conn:
        insert_complaints(conn, ref, more, "importer")
    assert looked == [1]


def test_a_duplicate_slipping_past_a_claimed_check_is_still_refused(store, ref, table):
    rows = [prepare_complaint(ref, raw(external_ref="L-1"), today=TODAY, imported=True)] * 2
    before = (table("complaint"), table("history"), table("number_sequence"))
    with pytest.raises(Duplicate), store.write() as conn:
        insert_complaints(conn, ref, rows, "importer", duplicates_checked=True)
    assert (table("complaint"), table("history"), table("number_sequence")) == before
