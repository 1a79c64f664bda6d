"""Vocabularies and the extra holidays of the deadline calendar."""

from __future__ import annotations

import pytest


def test_vocab_list_has_the_seeded_terms(cli, initialized):
    channels = cli.json("vocab", "list", "channel")
    assert [c["slug"] for c in channels][:3] == ["sp4n-lapor", "whatsapp", "email"]
    media = {m["slug"]: m["group"] for m in cli.json("vocab", "list", "media")}
    assert media["instagram"] == "media-sosial"
    assert media["cetak"] == "media-massa"
    assert media["website"] == "website"
    kinds = {row["kind"] for row in cli.json("vocab", "list")}
    assert kinds == {"channel", "category", "media", "news_category"}


def test_vocab_add(cli, initialized):
    cli("vocab", "add", "media", "threads", "--label", "Threads", "--group", "media-sosial")
    cli("vocab", "add", "channel", "pengaduan-online", "--label", "Pengaduan Online")
    assert cli.json("vocab", "list", "media")[-1] == {
        "kind": "media",
        "slug": "threads",
        "label": "Threads",
        "group": "media-sosial",
        "builtin": False,
    }
    assert cli.json("vocab", "list", "channel")[-1]["slug"] == "pengaduan-online"


@pytest.mark.parametrize(
    "args, message",
    [
        (("status", "x", "--label", "X"), "unknown vocabulary 'status'"),
        (("channel", "Bad Slug", "--label", "X"), "slug 'Bad Slug' is not valid"),
        (("channel", "whatsapp", "--label", "WA"), "channel whatsapp already exists"),
        (("media", "threads", "--label", "Threads"), "a new media needs --group"),
        (("media", "threads", "--label", "T", "--group", "koran"), "unknown media group 'koran'"),
        (("channel", "x", "--label", "X", "--group", "website"), "--group applies only to media"),
        (("channel", "x", "--label", "  "), "label is empty"),
    ],
)
def test_vocab_add_refuses_bad_input(cli, initialized, args, message):
    before = cli.json("vocab", "list")
    assert message in cli("vocab", "add", *args, code=1).stderr
    assert cli.json("vocab", "list") == before


def test_holiday_list_shows_national_and_added_days(cli, initialized):
    cli("holiday", "add", "02/04/2025", "Cuti bersama Idul Fitri")
    rows = cli.json("holiday", "list", "--year", "2025")
    nyepi = next(r for r in rows if r["day"] == "2025-03-29")
    assert nyepi == {"day": "2025-03-29", "name": "Hari Suci Nyepi", "source": "nasional"}
    assert {"day": "2025-04-02", "name": "Cuti bersama Idul Fitri", "source": "kanwil"} in rows
    assert cli.json("holiday", "list", "--year", "2025", "--added") == [
        {"day": "2025-04-02", "name": "Cuti bersama Idul Fitri", "source": "kanwil"}
    ]
    plain = cli("holiday", "list", "--year", "2025", "--added").stdout
    assert plain == "02/04/2025\tRabu\tCuti bersama Idul Fitri\tkanwil\n"


def test_holiday_add_accepts_future_days_and_remove(cli, initialized):
    cli("holiday", "add", "2026-12-24", "Cuti bersama Natal")
    assert cli.json("holiday", "list", "--year", "2026", "--added")[0]["day"] == "2026-12-24"
    cli("holiday", "remove", "2026-12-24")
    assert cli.json("holiday", "list", "--year", "2026", "--added") == []


@pytest.mark.parametrize(
    "args, message",
    [
        (("add", "2025-02-30", "X"), "is not a valid date"),
        (("add", "besok", "X"), "is not a date"),
        (("add", "2025-04-02", " "), "holiday name is empty"),
        (("remove", "2025-05-05"), "05/05/2025 is not one of the added holidays"),
    ],
)
def test_holiday_refuses_bad_input(cli, initialized, args, message):
    result = cli("holiday", *args, code=1)
    assert message in result.stderr


def test_holiday_added_twice_is_refused(cli, initialized):
    cli("holiday", "add", "2025-04-02", "Cuti")
    assert (
        "02/04/2025 is already a holiday"
        in cli("holiday", "add", "2025-04-02", "Cuti", code=1).stderr
    )


# --- settings -------------------------------------------------------------------------------


def test_setting_list_shows_sla_days_and_its_default(cli, initialized):
    assert cli.json("setting", "list")[0] == {
        "key": "sla_days",
        "value": 14,
        "default": 14,
        "description": "Tenggat tindak lanjut pengaduan (hari kerja)",
    }


def test_sla_days_never_shortens_a_deadline_given_and_lengthens_open_ones(cli, initialized):
    from datetime import date

    from adurabi_cli.domain.calendar import WorkingCalendar, due_date, extended_due_date

    def add(summary: str) -> str:
        return cli("complaint", "add", "-s", "kanwil", "--summary", summary,
                   "--received", "2025-03-24").stdout.strip()  # fmt: skip

    def dues() -> dict[str, str]:
        return {c["number"]: c["due_on"] for c in cli.json("complaint", "list")}

    open_one, extended, closed = add("Satu"), add("Dua"), add("Tiga")
    cli("complaint", "extend", extended, "--note", "Menunggu berkas")
    cli("complaint", "update", closed, "--status", "selesai", "--note", "Dijawab")
    given = dues()
    assert given[open_one] == "2025-04-15"  # DESIGN's example at 14 days

    # Shorter: the deadlines given stay; a new complaint gets the new standard.
    result = cli("setting", "set", "sla_days", "10")
    assert "deadlines already given are kept" in result.stderr
    assert dues() == given
    calendar, received = WorkingCalendar(), date(2025, 3, 24)
    assert cli.json("complaint", "show", add("Empat"))["due_on"] == (
        due_date(received, calendar, 10).isoformat()
    )
    # Extending an open one given 14 days adds 14, the days it was given.
    cli("complaint", "update", closed, "--status", "diproses", "--note", "Dibuka lagi")
    assert dues()[closed] == given[closed]

    # Longer: every open complaint gets it, each move a line of its history.
    result = cli.json("setting", "set", "sla_days", "20")
    assert (result["value"], result["previous"], result["recomputed"]) == (20, 10, 4)
    twenty = due_date(received, calendar, 20)
    after = dues()
    assert after[open_one] == twenty.isoformat() > given[open_one]
    assert after[extended] == extended_due_date(twenty, calendar, 20).isoformat()
    [line] = [h for h in cli.json("complaint", "history", open_one) if h["action"] == "deadline"]
    assert (line["field"], line["old_value"], line["new_value"], line["note"]) == (
        "due_on",
        given[open_one],
        twenty.isoformat(),
        "sla_days 10 -> 20",
    )
    assert cli.json("setting", "list")[0]["value"] == 20
    assert cli.json("info")["sla_days"] == 20


def test_setting_the_same_value_changes_nothing(cli, initialized):
    cli("complaint", "add", "-s", "kanwil", "--summary", "Satu", "--received", "2025-03-24")
    assert (
        "Nothing to do: sla_days is already 14." in cli("setting", "set", "sla_days", "14").stderr
    )
    assert cli.json("complaint", "list")[0]["due_on"] == "2025-04-15"


@pytest.mark.parametrize(
    "args, message",
    [
        (("sla_days", "0"), "sla_days must be a whole number from 1 to 60, not '0'"),
        (("sla_days", "61"), "from 1 to 60"),
        (("sla_days", "sepuluh"), "not 'sepuluh'"),
        (("sla_days", "--", "-3"), "not '-3'"),
        (("sla_days", "1.5"), "not '1.5'"),
        (("warna", "merah"), "unknown setting 'warna'; valid: sla_days"),
    ],
)
def test_setting_set_refuses_bad_input(cli, initialized, args, message):
    cli("complaint", "add", "-s", "kanwil", "--summary", "Satu", "--received", "2025-03-24")
    result = cli("setting", "set", *args, code=1)
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert cli.json("setting", "list")[0]["value"] == 14
    assert cli.json("complaint", "list")[0]["due_on"] == "2025-04-15"
