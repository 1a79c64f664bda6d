"""`complaint add`: tracking numbers, deadlines, privacy flags and every refusal."""

from __future__ import annotations

import pytest

from adurabi_cli.db.models import COMPLAINT_RECORD as RECORD_FIELDS
from tests.complaints.helpers import refused


def test_add_prints_the_number_alone_and_stores_the_complaint(cli, add, table):
    result = cli(
        "complaint", "add", "--satker", "lapas-kerobokan", "--received", "2025-03-24",
        "--channel", "whatsapp", "--category", "pungli", "--summary", "  Dimintai uang\n  ",
        "--complainant", " Made  Wirawan ", "--contact", "0812 3456",
        "--external-ref", "LAPOR-2025-77",
    )  # fmt: skip
    assert result.stdout == "PGD-2025-00001\n"
    assert "due 15/04/2025" in result.stderr
    [row] = table("complaint")
    assert row["number"] == "PGD-2025-00001"
    assert row["summary"] == "Dimintai uang"
    assert row["complainant_name"] == "Made Wirawan"
    assert row["complainant_contact"] == "0812 3456"
    assert row["received_on"] == "2025-03-24"
    assert row["due_on"] == "2025-04-15"
    assert row["status"] == "diterima"
    assert row["created_by"] == "tester"
    [line] = table("history")
    assert (line["entity"], line["entity_id"], line["action"]) == ("complaint", row["id"], "create")


def test_json_record_carries_every_design_field(cli, initialized):
    record = cli.json(
        "complaint", "add", "--satker", "kanwil", "--summary", "Informasi remisi",
        "--received", "24/03/2025", "--channel", "LAPOR", "--category", "information-request",
    )  # fmt: skip
    assert list(record) == list(RECORD_FIELDS)
    assert record["number"] == "PGD-2025-00001"
    assert record["satker"] == "kanwil"
    assert record["channel"] == "sp4n-lapor"
    assert record["category"] == "permintaan-informasi"
    assert record["received_on"] == "2025-03-24"
    assert record["due_on"] == "2025-04-15"
    assert record["overdue"] is True  # today is pinned to 2025-04-30
    assert record["anonymous"] is False and record["extended"] is False
    assert record["resolved_on"] is None and record["resolution"] is None
    assert record["created_by"] == "tester"
    assert record["created_at"].startswith("2025-04-30T")


def test_defaults_received_today_and_channel_category_lainnya(cli, initialized):
    record = cli.json("complaint", "add", "--satker", "kanwil", "--summary", "Saran")
    assert record["received_on"] == "2025-04-30"
    assert (record["channel"], record["category"]) == ("lainnya", "lainnya")
    assert record["overdue"] is False


def test_numbers_follow_the_received_year_without_gaps(add, table):
    numbers = [
        add("--received", "2025-01-02"),
        add("--received", "2024-12-31"),
        add("--received", "2025-04-01"),
        add("--received", "2024-06-01"),
    ]
    assert numbers == ["PGD-2025-00001", "PGD-2024-00001", "PGD-2025-00002", "PGD-2024-00002"]
    assert table("number_sequence") == [{"year": 2024, "last": 2}, {"year": 2025, "last": 2}]


def test_anonymous_stores_no_identity_and_confidential_is_kept(cli, initialized, table):
    record = cli.json(
        "complaint", "add", "--satker", "kanwil", "--summary", "Petugas kasar",
        "--anonymous", "--confidential",
    )  # fmt: skip
    assert record["anonymous"] is True and record["confidential"] is True
    [row] = table("complaint")
    assert row["complainant_name"] is None and row["complainant_contact"] is None
    assert row["anonymous"] == 1 and row["confidential"] == 1


def test_a_new_complaint_withdraws_the_nil_report_of_its_month(cli, add, table):
    cli("complaint", "nil", "--satker", "rutan-bangli", "--month", "2025-03")
    add("--received", "2025-02-28", satker="rutan-bangli")  # another month
    add("--received", "2025-03-10", satker="lapas-kerobokan")  # another satker
    assert table("nil_report")[0]["withdrawn_at"] is None
    number = add("--received", "2025-03-10", satker="rutan-bangli")
    [report] = table("nil_report")
    assert report["withdrawn_at"] is not None
    lines = table("SELECT * FROM history WHERE entity = 'nil_report' ORDER BY id")
    assert [line["action"] for line in lines] == ["create", "withdraw"]
    assert number in lines[1]["note"]


LONG = "x" * 10_001


@pytest.mark.parametrize(
    "args, message",
    [
        (("--satker", "lapas-x"), "unknown satker 'lapas-x'"),
        (("--channel", "merpati"), "unknown channel 'merpati'; valid: sp4n-lapor, whatsapp"),
        (("--category", "gosip"), "unknown category 'gosip'; valid: kualitas-layanan"),
        (("--received", "2025-05-01"), "date 01/05/2025 is in the future"),
        (("--received", "kemarin lusa"), "'kemarin lusa' is not a date"),
        (("--received", "2025-02-30"), "Februari 2025 has 28 days"),
        (("--summary", "   "), "summary is empty"),
        (("--summary", LONG), "summary is 10,001 characters long; the limit is 10,000"),
        (("--anonymous", "--complainant", "Made"), "an anonymous complaint stores no identity"),
        (("--anonymous", "--contact", "0812"), "an anonymous complaint stores no identity"),
        (("--external-ref", "LAPOR-1"), "external ref LAPOR-1 is already used by PGD-2025-00001"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(cli, add, snapshot, args, message):
    add("--external-ref", "LAPOR-1")
    before = snapshot()
    base = {"--satker": "lapas-kerobokan", "--summary": "Antrian lama"}
    extra = list(args)
    for option in list(base):
        if option in extra:
            base.pop(option)
    flat = [part for pair in base.items() for part in pair]
    error = refused(cli, "complaint", "add", *flat, *extra)
    assert message in error
    assert snapshot() == before


def test_inactive_satker_is_refused(cli, initialized, snapshot):
    cli("satker", "update", "rutan-negara", "--inactive")
    before = snapshot()
    error = refused(cli, "complaint", "add", "--satker", "rutan-negara", "--summary", "x")
    assert "satker rutan-negara is inactive" in error
    assert snapshot() == before


def test_missing_summary_is_a_usage_error(cli, initialized):
    assert (
        "Missing option '--summary'" in cli("complaint", "add", "--satker", "kanwil", code=2).stderr
    )


def test_missing_database_is_a_storage_error(cli, tmp_path):
    error = refused(
        cli, "--db", tmp_path / "nope.db", "complaint", "add", "--satker", "kanwil",
        "--summary", "x", code=3,
    )  # fmt: skip
    assert "no database at" in error
