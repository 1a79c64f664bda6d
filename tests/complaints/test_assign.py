"""`complaint assign`: the responsible officer, its history, list filters, exports, monitor."""

from __future__ import annotations

import pytest

from tests.complaints.helpers import refused
from tests.excel.helpers import sheet_rows

NIP = "198504122010011003"


@pytest.fixture
def number(add):
    return add("--received", "2025-03-24")


def test_assign_reassign_and_clear_keep_every_step_in_the_history(cli, number):
    result = cli("complaint", "assign", number, "--officer", " I Made  Sudarma ", "--nip", NIP)
    assert result.stderr.strip() == f"{number} assigned to I Made Sudarma."
    shown = cli.json("complaint", "show", number)
    assert (shown["officer"], shown["officer_nip"]) == ("I Made Sudarma", NIP)
    result = cli("complaint", "assign", number, "--officer", "Ni Luh Putu", "--note", "Cuti")
    assert "reassigned: I Made Sudarma -> Ni Luh Putu" in result.stderr
    cli("complaint", "assign", number, "--clear")
    shown = cli.json("complaint", "show", number)
    assert shown["officer"] is None and shown["officer_nip"] is None
    lines = [
        (h["action"], h["field"], h["old_value"], h["new_value"], h["note"])
        for h in cli.json("complaint", "history", number)
    ]
    assert lines[1:] == [
        ("assign", "officer", None, "I Made Sudarma", None),
        ("assign", "officer_nip", None, NIP, None),
        ("assign", "officer", "I Made Sudarma", "Ni Luh Putu", "Cuti"),
        ("assign", "officer_nip", NIP, None, None),
        ("assign", "officer", "Ni Luh Putu", None, None),
    ]
    plain = cli("complaint", "show", number).stdout
    assert "Penanggung jawab" in plain


def test_list_by_officer_and_unassigned(cli, add):
    first, second, third = add(), add(), add()
    cli("complaint", "assign", first, "--officer", "Ketut Ari")
    cli("complaint", "assign", second, "--officer", "Wayan")
    assert [r["number"] for r in cli.json("complaint", "list", "--officer", "ketut ari")] == [first]
    assert [r["number"] for r in cli.json("complaint", "list", "--unassigned")] == [third]
    rows = cli("complaint", "list", "--csv").stdout.splitlines()
    assert "officer,officer_nip" in rows[0]
    assert refused(cli, "complaint", "list", "--officer", "x", "--unassigned").endswith(
        "give --officer or --unassigned, not both"
    )


def test_export_carries_the_officer(cli, number, tmp_path):
    cli("complaint", "assign", number, "--officer", "Ketut Ari", "--nip", NIP)
    cli("export", "--month", "2025-03", "--out", tmp_path / "out", "--quiet")
    rows = sheet_rows(tmp_path / "out" / "rekap-2025-03.xlsx", "Pengaduan")
    header = next(r for r in rows if r and r[0] == "Nomor Pengaduan")
    row = next(r for r in rows if r and r[0] == number)
    record = dict(zip(header, row, strict=False))
    assert (record["Penanggung Jawab"], record["NIP Penanggung Jawab"]) == ("Ketut Ari", NIP)


def test_monitor_flags_an_overdue_complaint_with_no_officer(cli, add):
    assigned, nobody = add("--received", "2025-03-24"), add("--received", "2025-03-25")
    cli("complaint", "assign", assigned, "--officer", "Ketut Ari")
    overdue = cli.json("monitor", "--once")["oldest_overdue"]
    flags = {item["number"]: (item["officer"], item["unassigned"]) for item in overdue}
    assert flags == {assigned: ("Ketut Ari", False), nobody: (None, True)}
    plain = cli("monitor", "--once").stdout
    assert f"overdue\t{nobody}\tlapas-kerobokan" in plain
    assert plain.rstrip().endswith("\t\ttrue")


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("PGD-2025-09999", "--officer", "A"), "no complaint PGD-2025-09999"),
        (("{n}", "--officer", "  "), "officer name is empty"),
        (("{n}", "--officer", "x" * 101), "officer name is longer than 100 characters"),
        (("{n}", "--officer", "A", "--nip", "12345"), "NIP '12345' is not 18 digits"),
        (("{n}", "--officer", "A", "--clear"), "not both"),
        (("{n}",), "give --officer NAME"),
        (("{n}", "--clear"), "has no officer to clear"),
    ],
)
def test_bad_assignments_change_nothing(cli, number, snapshot, args, reason):
    before = snapshot()
    line = refused(cli, "complaint", "assign", *(a.format(n=number) for a in args))
    assert reason in line
    assert snapshot() == before


def test_assign_refuses_a_deleted_complaint(cli, number, snapshot):
    cli("complaint", "delete", number, "--note", "Dobel")
    before = snapshot()
    assert "was deleted" in refused(cli, "complaint", "assign", number, "--officer", "A")
    assert snapshot() == before
