"""`complaint update`: status rules, close dates, field changes and their history."""

from __future__ import annotations

import pytest

from tests.complaints.helpers import refused


@pytest.fixture
def number(add):
    return add("--received", "2025-03-24", "--channel", "whatsapp", "--complainant", "Made")


def record(cli, ref):
    return cli.json("complaint", "show", ref)


def test_forward_moves_then_close_and_reopen(cli, number, table, monkeypatch):
    cli("complaint", "update", number, "--status", "verified")
    cli("complaint", "update", number, "--status", "diproses", "--note", "Diteruskan ke kepala")
    monkeypatch.setenv("ADURABI_TODAY", "2025-05-06")  # closed as of an earlier day
    result = cli(
        "complaint", "update", number, "--status", "resolved", "--note", "Petugas ditegur",
        "--on", "2025-04-30",
    )  # fmt: skip
    assert "status diproses -> selesai" in result.stderr
    closed = record(cli, number)
    assert (closed["status"], closed["resolved_on"]) == ("selesai", "2025-04-30")
    assert closed["resolution"] == "Petugas ditegur"
    assert closed["overdue"] is False  # closed complaints are never overdue
    cli("complaint", "update", number, "--status", "in_progress", "--note", "Pelapor keberatan")
    reopened = record(cli, number)
    assert reopened["status"] == "diproses"
    assert reopened["resolved_on"] is None and reopened["resolution"] is None
    lines = [
        (h["action"], h["field"], h["old_value"], h["new_value"], h["note"])
        for h in reopened["history"]
    ]
    assert lines == [
        ("create", None, None, None, None),
        ("status", "status", "diterima", "diverifikasi", None),
        ("status", "status", "diverifikasi", "diproses", "Diteruskan ke kepala"),
        ("status", "status", "diproses", "selesai", "Petugas ditegur"),
        ("update", "resolved_on", None, "2025-04-30", None),
        ("update", "resolution", None, "Petugas ditegur", None),
        ("status", "status", "selesai", "diproses", "Pelapor keberatan"),
        ("update", "resolved_on", "2025-04-30", None, None),
        ("update", "resolution", "Petugas ditegur", None, None),
    ]
    assert all(h["operator"] == "tester" for h in reopened["history"])


def test_close_defaults_to_today_and_each_closed_status(cli, add):
    for status, note in (("ditolak", "Bukan pengaduan"), ("forwarded", "Ke Polda Bali")):
        ref = add()
        cli("complaint", "update", ref, "--status", status, "--note", note)
        closed = record(cli, ref)
        assert closed["resolved_on"] == "2025-04-30"
        assert closed["resolution"] == note


@pytest.mark.parametrize(
    "args, message",
    [
        (("--status", "selesai"), "closing as selesai needs --note (the resolution)"),
        (("--status", "ditolak", "--note", "  "), "closing as ditolak needs --note (the reason)"),
        (("--status", "diterima"), "is already diterima; allowed: diverifikasi, diproses, selesai"),
        (("--status", "done"), "unknown status 'done'"),
        (("--on", "2025-04-01"), "--on is the close date"),
        (
            ("--status", "selesai", "--note", "x", "--on", "2025-03-23"),
            "the close date 23/03/2025 is before the received date 24/03/2025",
        ),
        (("--status", "selesai", "--note", "x", "--on", "2025-05-01"), "is in the future"),
        ((), "nothing to change; give --status"),
        (("--channel", "WhatsApp"), "nothing to change; PGD-2025-00001 already has these values"),
        (("--channel", "pos"), "unknown channel 'pos'; valid: sp4n-lapor"),
        (("--category", "x"), "unknown category 'x'"),
        (("--summary", ""), "summary is empty"),
        (("--received", "2025-05-02"), "date 02/05/2025 is in the future"),
        (("--received", "x"), "'x' is not a date"),
    ],
)
def test_refused_updates_change_nothing(cli, number, snapshot, args, message):
    before = snapshot()
    assert message in refused(cli, "complaint", "update", number, *args)
    assert snapshot() == before


def test_a_refused_move_names_the_allowed_ones(cli, number, snapshot):
    cli("complaint", "update", number, "--status", "diproses")
    before = snapshot()
    error = refused(cli, "complaint", "update", number, "--status", "diverifikasi")
    assert (
        "cannot move from diproses to diverifikasi; allowed: selesai, ditolak, dialihkan" in error
    )
    cli("complaint", "update", number, "--status", "dialihkan", "--note", "Ke Kanim")
    before = snapshot()
    error = refused(cli, "complaint", "update", number, "--status", "selesai", "--note", "x")
    assert "cannot move from dialihkan to selesai; allowed: diproses" in error
    assert "reopening needs --note" in refused(
        cli, "complaint", "update", number, "--status", "diproses"
    )
    assert snapshot() == before


def test_field_changes_each_get_a_history_line(cli, number):
    result = cli(
        "complaint", "update", number, "--channel", "email", "--category", "pungli",
        "--summary", "Ringkasan baru", "--complainant", "", "--contact", "0812",
        "--external-ref", "LAPOR-9", "--confidential", "--note", "Koreksi data",
    )  # fmt: skip
    assert result.stderr.startswith("Updated PGD-2025-00001: channel whatsapp -> email;")
    after = record(cli, number)
    assert (after["channel"], after["category"]) == ("email", "pungli")
    assert after["summary"] == "Ringkasan baru"
    assert after["complainant_name"] is None and after["complainant_contact"] == "0812"
    assert after["external_ref"] == "LAPOR-9" and after["confidential"] is True
    changed = {h["field"]: (h["old_value"], h["new_value"]) for h in after["history"][1:]}
    assert changed == {
        "channel": ("whatsapp", "email"),
        "category": ("lainnya", "pungli"),
        "summary": ("Antrian kunjungan lama", "Ringkasan baru"),
        "complainant_name": ("Made", None),
        "complainant_contact": (None, "0812"),
        "external_ref": (None, "LAPOR-9"),
        "confidential": ("false", "true"),
    }
    assert after["history"][1]["note"] == "Koreksi data"
    assert after["notes"] == [
        {"at": after["history"][1]["at"], "operator": "tester", "note": "Koreksi data"}
    ]
    cli("complaint", "update", number, "--not-confidential")
    assert record(cli, number)["confidential"] is False


def test_a_note_alone_is_a_note_line(cli, number):
    assert (
        "Added a note to PGD-2025-00001"
        in cli("complaint", "update", number, "--note", "Pelapor ditelepon").stderr
    )
    last = record(cli, number)["history"][-1]
    assert (last["action"], last["field"], last["note"]) == ("note", None, "Pelapor ditelepon")


def test_received_date_correction_moves_the_deadline_and_withdraws_a_nil_report(cli, number):
    assert record(cli, number)["due_on"] == "2025-04-15"
    cli("complaint", "nil", "--satker", "lapas-kerobokan", "--month", "2025-02")
    cli("complaint", "update", number, "--received", "2025-02-27")
    after = record(cli, number)
    assert (after["received_on"], after["number"]) == ("2025-02-27", "PGD-2025-00001")
    assert after["due_on"] == "2025-03-19"
    fields = [h["field"] for h in after["history"][1:]]
    assert fields == ["received_on", "due_on"]
    error = refused(cli, "complaint", "nil", "--satker", "lapas-kerobokan", "--month", "2025-02")
    assert "has 1 complaint(s) received in February 2025" in error


def test_closed_complaint_received_date_cannot_pass_its_close_date(cli, number):
    cli("complaint", "update", number, "--status", "selesai", "--note", "ok", "--on", "2025-04-01")
    error = refused(cli, "complaint", "update", number, "--received", "2025-04-02")
    assert "the close date 01/04/2025 is before the received date 02/04/2025" in error


def test_a_close_date_before_the_last_recorded_change_is_refused(
    cli, number, snapshot, monkeypatch
):
    def close_on(day: str) -> str:
        args = ("complaint", "update", number, "--status", "selesai", "--note", "x", "--on", day)
        return refused(cli, *args)

    # Entered late: received 24 March, recorded on 30 April, closed as of 1 April: allowed.
    cli("complaint", "update", number, "--status", "selesai", "--note", "ok", "--on", "2025-04-01")
    cli("complaint", "update", number, "--status", "diproses", "--note", "dibuka lagi")
    before = snapshot()
    assert close_on("2025-04-29") == (
        f"Error: the close date 29/04/2025 is before {number}'s last recorded change on "
        "30/04/2025; close it on that day or later"
    )
    assert snapshot() == before
    monkeypatch.setenv("ADURABI_TODAY", "2025-05-07")
    cli("complaint", "reply", number, "--on", "2025-05-05", "--via", "surat", "--note", "Jawaban")
    assert "last recorded change on 05/05/2025;" in close_on("2025-05-02")  # the reply's day
    cli("complaint", "update", number, "--status", "selesai", "--note", "ok", "--on", "2025-05-05")
    assert record(cli, number)["resolved_on"] == "2025-05-05"


def test_identity_of_an_anonymous_complaint_cannot_be_added(cli, add, snapshot):
    ref = add("--anonymous")
    before = snapshot()
    assert "is anonymous: it stores no identity" in refused(
        cli, "complaint", "update", ref, "--complainant", "Made"
    )
    assert snapshot() == before


def test_external_ref_must_stay_unique(cli, number, add, snapshot):
    add("--external-ref", "LAPOR-1")
    before = snapshot()
    error = refused(cli, "complaint", "update", number, "--external-ref", " LAPOR-1 ")
    assert "external ref LAPOR-1 is already used by PGD-2025-00002" in error
    assert snapshot() == before


@pytest.mark.parametrize("ref", ["99", "PGD-2025-00099", "PGD-2024-00001"])
def test_unknown_ref(cli, number, ref):
    assert f"no complaint {ref}" in refused(cli, "complaint", "update", ref, "--note", "x")


def test_malformed_ref(cli, number):
    assert "'PGD-25-1' is not a complaint reference" in refused(
        cli, "complaint", "show", "PGD-25-1"
    )


def test_ref_is_the_id_or_the_number_in_any_case(cli, number):
    assert record(cli, "1")["number"] == number
    assert record(cli, "pgd-2025-00001")["number"] == number


def test_moving_to_another_satker_keeps_number_and_history(cli, number, table):
    cli("complaint", "nil", "--satker", "rutan-bangli", "--month", "2025-03")
    result = cli(
        "complaint", "update", number, "--satker", "Rutan-Bangli", "--note", "salah satker"
    )
    assert "satker lapas-kerobokan -> rutan-bangli" in result.stderr
    moved = record(cli, number)
    assert (moved["number"], moved["satker"]) == (number, "rutan-bangli")
    assert [(h["action"], h["field"], h["old_value"], h["new_value"], h["note"])
            for h in moved["history"]] == [
        ("create", None, None, None, None),
        ("update", "satker", "lapas-kerobokan", "rutan-bangli", "salah satker"),
    ]  # fmt: skip
    listed = cli.json("complaint", "list", "--satker", "rutan-bangli")
    assert [row["number"] for row in listed] == [number]
    assert cli.json("complaint", "list", "--satker", "lapas-kerobokan") == []
    # rutan-bangli's nil report for March no longer holds: the complaint is now its.
    [nil] = table("nil_report")
    assert nil["withdrawn_at"] is not None
    recap = cli.json("recap", "--month", "2025-03", "--satker", "rutan-bangli")
    assert recap["satker"][0]["complaints"]["received"] == 1


def test_moving_to_an_unknown_or_inactive_satker_is_refused(cli, number, snapshot):
    assert "unknown satker 'lapas-x'" in refused(
        cli, "complaint", "update", number, "--satker", "lapas-x"
    )
    cli("satker", "update", "rutan-bangli", "--inactive")
    before = snapshot()
    assert "satker rutan-bangli is inactive" in refused(
        cli, "complaint", "update", number, "--satker", "rutan-bangli"
    )
    assert snapshot() == before
