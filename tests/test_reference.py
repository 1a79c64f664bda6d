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
        (("remove", "2025-05-05"), "2025-05-05 is not one of the added holidays"),
    ],
)
def test_holiday_refuses_bad_input(cli, initialized, args, message):
    result = cli("holiday", *args, code=1)
    assert message in result.stderr


def test_holiday_added_twice_is_refused(cli, initialized):
    cli("holiday", "add", "2025-04-02", "Cuti")
    assert (
        "2025-04-02 is already a holiday"
        in cli("holiday", "add", "2025-04-02", "Cuti", code=1).stderr
    )
