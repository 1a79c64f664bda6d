"""`complaint forward`: closed as dialihkan here, opened as a linked complaint at the target."""

from __future__ import annotations

import pytest

from tests.complaints.helpers import refused


@pytest.fixture
def number(add):
    return add("--received", "2025-03-24", "--complainant", "Wayan", "--contact", "0812-1")


def test_forwarding_closes_it_and_opens_a_linked_complaint_there(cli, number):
    result = cli("complaint", "forward", number, "--to", "rutan-bangli", "--note", "Wewenang rutan")
    new = result.stdout.strip()
    assert new != number and "closed as dialihkan" in result.stderr
    old, moved = cli.json("complaint", "show", number), cli.json("complaint", "show", new)
    assert (old["status"], old["resolved_on"], old["resolution"]) == (
        "dialihkan", "2025-04-30", "Wewenang rutan",
    )  # fmt: skip
    assert (old["forwarded_to"], old["forwarded_from"]) == (new, None)
    assert (moved["forwarded_from"], moved["forwarded_to"]) == (number, None)
    assert moved["satker"] == "rutan-bangli" and moved["status"] == "diterima"
    # The same day received, so the same deadline; what the complainant said goes with it.
    same = ("received_on", "due_on", "summary", "complainant_name", "complainant_contact")
    assert {k: moved[k] for k in same} == {k: old[k] for k in same}
    assert [(h["action"], h["field"], h["new_value"], h["note"]) for h in old["history"]][1:] == [
        ("status", "status", "dialihkan", "Wewenang rutan"),
        ("forward", "forwarded_to", f"{new} (rutan-bangli)", None),
    ]
    [created] = moved["history"]
    assert created["note"] == f"forwarded from {number} (lapas-kerobokan): Wewenang rutan"
    shown = cli("complaint", "show", new).stdout
    assert "Dialihkan dari" in shown and number in shown
    listed = {r["number"]: r for r in cli.json("complaint", "list")}
    assert (listed[number]["forwarded_to"], listed[new]["forwarded_from"]) == (new, number)


def test_json_gives_both_records(cli, number):
    both = cli.json("complaint", "forward", number, "--to", "kanwil", "--note", "Ke kanwil")
    assert both["forwarded"]["number"] == number
    assert both["forwarded"]["forwarded_to"] == both["new"]["number"]
    assert both["new"]["satker"] == "kanwil"


def test_the_recap_counts_it_where_it_now_lives(cli, add, number):
    add("--received", "2025-03-25")  # stays at lapas-kerobokan
    cli("complaint", "reply", number, "--on", "2025-03-26", "--via", "surat", "--note", "a")
    cli("complaint", "forward", number, "--to", "rutan-bangli", "--note", "Wewenang rutan")
    only = add("--received", "2025-03-03", satker="lapas-singaraja")
    cli("complaint", "forward", only, "--to", "kanwil", "--note", "Ke kanwil")
    recap = cli.json("recap", "--month", "2025-03")
    by_code = {s["code"]: s for s in recap["satker"]}
    kerobokan, bangli = by_code["lapas-kerobokan"]["complaints"], by_code["rutan-bangli"]
    assert (kerobokan["received"], kerobokan["forwarded"], kerobokan["replied"]) == (1, 1, 0)
    assert kerobokan["by_status"]["dialihkan"] == 0 and kerobokan["open"] == 1
    assert (bangli["complaints"]["received"], bangli["complaints"]["open"]) == (1, 1)
    assert bangli["complaints"]["by_status"]["diterima"] == 1
    # Its only complaint went elsewhere: the satker still reported for the month.
    singaraja = by_code["lapas-singaraja"]
    assert (singaraja["complaints"]["received"], singaraja["reported"]["complaints"]) == (0, True)
    totals = recap["totals"]["complaints"]
    # Five stored, two of them forwarded: three complaints, each counted once.
    assert (totals["received"], totals["forwarded"], totals["open"]) == (3, 2, 3)
    april = cli.json("recap", "--month", "2025-04")["totals"]["complaints"]
    assert (april["closed"], april["by_status"]["dialihkan"]) == (0, 0)


def test_a_forwarded_complaint_stays_closed_and_goes_once(cli, number, snapshot):
    new = cli("complaint", "forward", number, "--to", "kanwil", "--note", "a").stdout.strip()
    before = snapshot()
    line = refused(cli, "complaint", "update", number, "--status", "diproses", "--note", "buka")
    assert f"was forwarded to {new}; it is handled there" in line
    line = refused(cli, "complaint", "forward", number, "--to", "rutan-bangli", "--note", "b")
    assert f"already forwarded to {new}" in line
    assert snapshot() == before


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("PGD-2025-09999", "--to", "kanwil", "--note", "a"), "no complaint PGD-2025-09999"),
        (("{n}", "--to", "lapas-kerobokan", "--note", "a"), "is already at lapas-kerobokan"),
        (("{n}", "--to", "lapas-x", "--note", "a"), "unknown satker 'lapas-x'"),
        (("{n}", "--to", "kanwil", "--note", " "), "forwarding needs --note"),
    ],
)
def test_bad_forwards_change_nothing(cli, number, snapshot, args, reason):
    before = snapshot()
    line = refused(cli, "complaint", "forward", *(a.format(n=number) for a in args))
    assert reason in line
    assert snapshot() == before


def test_a_closed_or_deleted_complaint_is_not_forwarded(cli, add, number, snapshot):
    cli("complaint", "update", number, "--status", "selesai", "--note", "Beres")
    other = add("--received", "2025-03-25")
    cli("complaint", "delete", other, "--note", "Dobel")
    before = snapshot()
    line = refused(cli, "complaint", "forward", number, "--to", "kanwil", "--note", "a")
    assert "is closed (selesai); only open complaints can be forwarded" in line
    assert "was deleted" in refused(cli, "complaint", "forward", other, "--to", "kanwil",
                                    "--note", "a")  # fmt: skip
    assert snapshot() == before


def test_an_inactive_satker_takes_no_forwarded_complaint(cli, number, snapshot):
    cli("satker", "update", "rutan-negara", "--inactive")
    before = snapshot()
    line = refused(cli, "complaint", "forward", number, "--to", "rutan-negara", "--note", "a")
    assert "satker rutan-negara is inactive" in line
    assert snapshot() == before
