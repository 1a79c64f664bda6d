"""Deadlines (extend, holidays), soft delete, show and history, nil reports."""

from __future__ import annotations

import json

import pytest

from tests.complaints.helpers import refused


def test_the_design_example_due_and_extended(cli, add):
    number = add("--received", "2025-03-24")
    assert cli.json("complaint", "show", number)["due_on"] == "2025-04-15"
    result = cli("complaint", "extend", number, "--note", "Menunggu keterangan saksi")
    assert "due 15/04/2025 -> 07/05/2025" in result.stderr
    after = cli.json("complaint", "show", number)
    assert (after["due_on"], after["extended"], after["overdue"]) == ("2025-05-07", True, False)
    lines = [(h["action"], h["field"], h["old_value"], h["new_value"]) for h in after["history"]]
    assert lines[1:] == [
        ("extend", "extended", "false", "true"),
        ("extend", "due_on", "2025-04-15", "2025-05-07"),
    ]
    assert after["history"][1]["note"] == "Menunggu keterangan saksi"


@pytest.mark.parametrize(
    "prepare, args, message",
    [
        (None, (), "extending needs --note"),
        ("extend", ("--note", "lagi"), "was already extended (due 07/05/2025)"),
        ("close", ("--note", "x"), "is closed (selesai); only open complaints can be extended"),
    ],
)
def test_refused_extensions_change_nothing(cli, add, snapshot, prepare, args, message):
    number = add("--received", "2025-03-24")
    if prepare == "extend":
        cli("complaint", "extend", number, "--note", "sekali")
    if prepare == "close":
        cli("complaint", "update", number, "--status", "selesai", "--note", "Beres")
    before = snapshot()
    assert message in refused(cli, "complaint", "extend", number, *args)
    assert snapshot() == before


def test_open_deadlines_follow_added_and_removed_holidays(cli, add, table):
    open_one = add("--received", "2025-03-24")
    extended = add("--received", "2025-03-24")
    closed = add("--received", "2025-03-24")
    cli("complaint", "extend", extended, "--note", "x")
    cli("complaint", "update", closed, "--status", "selesai", "--note", "ok", "--on", "2025-04-10")

    def dues():
        return {r["number"]: r["due_on"] for r in table("complaint")}

    cli("holiday", "add", "2025-04-02", "Cuti bersama Idul Fitri")
    assert dues() == {open_one: "2025-04-16", extended: "2025-05-08", closed: "2025-04-15"}
    assert cli.json("complaint", "show", open_one)["overdue"] is True  # today is 2025-04-30
    removed = cli("holiday", "remove", "2025-04-02")
    assert "2 open deadline(s) moved" in removed.stderr
    assert dues() == {open_one: "2025-04-15", extended: "2025-05-07", closed: "2025-04-15"}
    moves = [
        (h["old_value"], h["new_value"], h["note"])
        for h in cli.json("complaint", "history", open_one)
        if h["action"] == "deadline"
    ]
    assert moves == [
        ("2025-04-15", "2025-04-16", "hari libur ditambah: 2025-04-02 Cuti bersama Idul Fitri"),
        ("2025-04-16", "2025-04-15", "hari libur dihapus: 2025-04-02"),
    ]
    assert not [h for h in cli.json("complaint", "history", closed) if h["action"] == "deadline"]


def test_sla_days_setting_drives_the_deadline(cli, add, db_path):
    from tests.dbtarget import execute

    execute(db_path, "UPDATE setting SET value = '5' WHERE key = 'sla_days'")
    number = add("--received", "2025-03-24")
    assert cli.json("complaint", "show", number)["due_on"] == "2025-04-02"
    cli("complaint", "extend", number, "--note", "x")
    assert cli.json("complaint", "show", number)["due_on"] == "2025-04-09"


def test_soft_delete_leaves_lists_and_keeps_the_history(cli, add, table):
    keep = add(summary="Tetap")
    gone = add("--external-ref", "LAPOR-5", summary="Salah input")
    result = cli("complaint", "delete", gone, "--note", "Tercatat dua kali")
    assert f"Deleted {gone}" in result.stderr
    assert [r["number"] for r in cli.json("complaint", "list")] == [keep]
    history = cli.json("complaint", "history", gone)
    assert history[-1]["action"] == "delete" and history[-1]["note"] == "Tercatat dua kali"
    shown = cli.json("complaint", "show", gone)
    assert shown["deleted_at"] is not None
    assert len(table("complaint")) == 2
    # Its external ref is free again; its number is not reused.
    assert add("--external-ref", "LAPOR-5") == "PGD-2025-00003"
    error = refused(cli, "complaint", "delete", gone, "--note", "lagi")
    assert f"{gone} was deleted on 30/04/2025" in error
    assert "deleting needs --note" in refused(cli, "complaint", "delete", keep)


def test_show_on_a_terminal_shows_identity_and_confidential_summary(cli, add, monkeypatch):
    number = add("--confidential", "--complainant", "Ni Luh", summary="Petugas meminta uang")
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "160")
    out = cli("complaint", "show", number).stdout
    for text in ("Petugas meminta uang", "Ni Luh", "Rahasia", "Riwayat", "create"):
        assert text in out
    plain_lines = cli("complaint", "list").stdout
    assert "Petugas meminta uang" not in plain_lines and "(dirahasiakan)" in plain_lines


def test_show_piped_and_json(cli, add):
    number = add("--received", "2025-03-24", "--channel", "email")
    cli("complaint", "update", number, "--note", "Ditelepon")
    out = cli("complaint", "show", number).stdout
    assert "Nomor\tPGD-2025-00001" in out
    assert "Diterima\t24/03/2025" in out and "Tenggat\t15/04/2025" in out
    shown = cli.json("complaint", "show", number)
    assert shown["satker_name"].startswith("Lembaga Pemasyarakatan")
    assert [n["note"] for n in shown["notes"]] == ["Ditelepon"]
    assert [h["action"] for h in shown["history"]] == ["create", "note"]


def test_history_formats(cli, add):
    number = add()
    cli("complaint", "update", number, "--channel", "email", "--note", "Salah kanal")
    [created, change] = cli.json("complaint", "history", number)
    assert created["action"] == "create"
    assert list(change) == ["at", "operator", "action", "field", "old_value", "new_value", "note"]
    assert (change["field"], change["old_value"], change["new_value"]) == (
        "channel",
        "lainnya",
        "email",
    )
    csv_lines = cli("complaint", "history", number, "--csv").stdout.splitlines()
    assert csv_lines[0] == "at,operator,action,field,old_value,new_value,note"
    assert csv_lines[2].endswith(",tester,update,channel,lainnya,email,Salah kanal")
    assert "no complaint 7" in refused(cli, "complaint", "history", "7")


def test_nil_report_recorded_refused_and_withdrawn(cli, add, table):
    report = cli.json("complaint", "nil", "--satker", "rupbasan-denpasar", "--month", "2025-03")
    assert report["satker"] == "rupbasan-denpasar" and report["month"] == "2025-03"
    assert report["created_by"] == "tester"
    [row] = table("nil_report")
    assert (row["month"], row["withdrawn_at"]) == ("2025-03", None)
    [line] = table("SELECT * FROM history WHERE entity = 'nil_report'")
    assert (line["entity_id"], line["action"]) == (row["id"], "create")
    assert "already reported no complaints for March 2025" in refused(
        cli, "complaint", "nil", "--satker", "rupbasan-denpasar", "--month", "2025-03"
    )
    add("--received", "2025-03-31", satker="rupbasan-denpasar")
    assert table("nil_report")[0]["withdrawn_at"] is not None
    assert "has 1 complaint(s) received in March 2025" in refused(
        cli, "complaint", "nil", "--satker", "rupbasan-denpasar", "--month", "2025-03"
    )
    # The current month can be declared; the plain message goes to stderr.
    result = cli("complaint", "nil", "--satker", "rupbasan-denpasar", "--month", "current")
    assert result.stdout == "" and "received no complaints in April 2025" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("--satker", "lapas-x", "--month", "2025-03"), "unknown satker 'lapas-x'"),
        (("--satker", "kanwil", "--month", "2025-13"), "month '2025-13' is not valid"),
        (("--satker", "kanwil", "--month", "2025-05"), "May 2025 is in the future"),
    ],
)
def test_nil_refusals(cli, initialized, snapshot, args, message):
    before = snapshot()
    assert message in refused(cli, "complaint", "nil", *args)
    assert snapshot() == before


def test_nil_for_an_inactive_satker_is_refused(cli, initialized):
    cli("satker", "update", "rutan-negara", "--inactive")
    error = refused(cli, "complaint", "nil", "--satker", "rutan-negara", "--month", "2025-03")
    assert "satker rutan-negara is inactive" in error


def test_deleted_complaints_do_not_block_a_nil_report(cli, add):
    number = add("--received", "2025-03-05", satker="kanwil")
    cli("complaint", "delete", number, "--note", "salah satker")
    report = json.loads(
        cli("complaint", "nil", "--satker", "kanwil", "--month", "2025-03", "--json").stdout
    )
    assert report["month"] == "2025-03"
