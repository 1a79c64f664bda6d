"""`complaint reply`: answers to the complainant, --no-reply, response time in the recap."""

from __future__ import annotations

import pytest

from tests.complaints.helpers import refused
from tests.excel.helpers import sheet_rows


@pytest.fixture
def number(add):
    return add("--received", "2025-03-24")


def test_each_reply_is_kept_with_its_working_days_and_a_history_line(cli, number):
    result = cli(
        "complaint", "reply", number, "--on", "28/03/2025", "--via", "WhatsApp",
        "--note", "Sudah dicek ke blok", "--satisfaction", "puas",
    )  # fmt: skip
    assert "4 working day(s)" in result.stderr
    # 31 March and 1 April 2025 are public holidays (Idul Fitri): the second reply is day 5.
    answer = cli.json("complaint", "reply", number, "--on", "2025-04-02", "--via", "surat",
                      "--note", "Jawaban resmi")  # fmt: skip
    assert (answer["replied_on"], answer["response_days"], answer["satisfaction"]) == (
        "2025-04-02", 5, None,
    )  # fmt: skip
    shown = cli.json("complaint", "show", number)
    assert shown["first_reply_on"] == "2025-03-28"
    assert [
        (r["replied_on"], r["via"], r["note"], r["satisfaction"]) for r in shown["replies"]
    ] == [
        ("2025-03-28", "whatsapp", "Sudah dicek ke blok", "puas"),
        ("2025-04-02", "surat", "Jawaban resmi", None),
    ]
    lines = [(h["action"], h["new_value"], h["note"]) for h in shown["history"]][1:]
    assert lines == [
        ("reply", "2025-03-28 via whatsapp (puas)", "Sudah dicek ke blok"),
        ("reply", "2025-04-02 via surat", "Jawaban resmi"),
    ]
    assert "Jawaban" in cli("complaint", "show", number).stdout


def test_no_reply_lists_the_unanswered(cli, add, number):
    other = add("--received", "2025-03-25")
    cli("complaint", "reply", number, "--via", "email", "--note", "Dijawab")
    assert [r["number"] for r in cli.json("complaint", "list", "--no-reply")] == [other]
    assert [r["first_reply_on"] for r in cli.json("complaint", "list")] == [None, "2025-04-30"]


def test_recap_and_ringkasan_average_the_working_days_to_the_first_reply(cli, add, tmp_path):
    first = add("--received", "2025-03-24")  # first reply 28/03: 4 working days
    second = add("--received", "2025-03-03")  # first reply 05/03: 2 working days
    add("--received", "2025-03-10")  # never answered
    other = add("--received", "2025-03-12", satker="rutan-bangli")  # 13/03: 1 working day
    cli("complaint", "reply", first, "--on", "2025-04-02", "--via", "surat", "--note", "b")
    cli("complaint", "reply", first, "--on", "2025-03-28", "--via", "surat", "--note", "a")
    cli("complaint", "reply", second, "--on", "2025-03-05", "--via", "email", "--note", "c")
    cli("complaint", "reply", other, "--on", "2025-03-13", "--via", "telepon", "--note", "d")
    recap = cli.json("recap", "--month", "2025-03")
    by_code = {s["code"]: s["complaints"] for s in recap["satker"]}
    kerobokan = by_code["lapas-kerobokan"]
    assert (kerobokan["received"], kerobokan["replied"]) == (3, 2)
    assert (kerobokan["response_days_total"], kerobokan["response_days_avg"]) == (6, 3.0)
    assert by_code["rutan-bangli"]["response_days_avg"] == 1.0
    assert by_code["kanwil"]["response_days_avg"] is None
    totals = recap["totals"]["complaints"]
    assert (totals["replied"], totals["response_days_total"], totals["response_days_avg"]) == (
        3, 7, 2.3,
    )  # fmt: skip
    cli("export", "--month", "2025-03", "--out", tmp_path / "out", "--quiet")
    rows = sheet_rows(tmp_path / "out" / "rekap-2025-03.xlsx", "Ringkasan")
    header = next(r for r in rows if r and r[0] == "Nama Satker")
    column = header.index("Rata-rata Hari Kerja Jawaban")
    names = {s["name"]: s["code"] for s in recap["satker"]}
    values = {names[r[0]]: r[column] for r in rows if r and names.get(r[0]) in by_code}
    assert values["lapas-kerobokan"] == 3.0 and values["kanwil"] is None


def test_correcting_the_day_received_counts_the_replies_again(cli, number, table):
    cli("complaint", "reply", number, "--on", "2025-03-28", "--via", "surat", "--note", "a")
    cli("complaint", "update", number, "--received", "2025-03-26")
    assert [r["response_days"] for r in table("complaint_reply")] == [2]
    line = refused(cli, "complaint", "update", number, "--received", "2025-03-31")
    assert "answered on 28/03/2025, before 31/03/2025" in line
    assert [r["response_days"] for r in table("complaint_reply")] == [2]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("PGD-2025-09999", "--via", "surat", "--note", "a"), "no complaint PGD-2025-09999"),
        (("{n}", "--on", "2025-03-20", "--via", "surat", "--note", "a"), "is before"),
        (("{n}", "--on", "2025-05-01", "--via", "surat", "--note", "a"), "in the future"),
        (("{n}", "--via", "surat", "--note", " "), "a reply needs --note"),
        (("{n}", "--via", "surat", "--note", "x" * 2001), "the limit is 2,000"),
        (("{n}", "--via", "merpati", "--note", "a"), "unknown channel 'merpati'"),
        (("{n}", "--via", "surat", "--note", "a", "--satisfaction", "meh"), "not one of puas"),
    ],
)
def test_bad_replies_change_nothing(cli, number, snapshot, table, args, reason):
    before = snapshot()
    line = refused(cli, "complaint", "reply", *(a.format(n=number) for a in args))
    assert reason in line
    assert snapshot() == before
    assert table("complaint_reply") == []


def test_reply_to_a_deleted_complaint_is_refused(cli, number, table):
    cli("complaint", "delete", number, "--note", "Dobel")
    assert "was deleted" in refused(
        cli, "complaint", "reply", number, "--via", "surat", "--note", "a"
    )
    assert table("complaint_reply") == []
