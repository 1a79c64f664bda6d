"""`adurabi news show|update|delete|history`."""

from __future__ import annotations

import pytest

from tests.news.conftest import add_news

FACEBOOK = "https://facebook.com/kanwilbali/posts/1"


@pytest.fixture
def item(cli, initialized):
    return add_news(
        cli,
        title="Bakti sosial",
        media="instagram",
        outlet="@lapaskerobokan",
        url="https://www.instagram.com/p/ABC/",
        date="2025-04-01",
        likes="100",
    )


def history(cli, news_id):
    return [
        (h["action"], h["field"], h["old_value"], h["new_value"], h["note"])
        for h in cli.json("news", "history", news_id)
    ]


def test_counts_are_brought_up_to_date_with_history(cli, item):
    result = cli("news", "update", item, "--likes", "1.250", "--comments", "87", "--note", "1 Mei")
    assert (
        result.stderr.strip()
        == f"Updated news {item}: likes: 100 -> 1250; comments: (empty) -> 87."
    )
    record = cli.json("news", "show", item)
    assert (record["likes"], record["comments"]) == (1250, 87)
    assert history(cli, item) == [
        ("create", None, None, None, None),
        ("update", "likes", "100", "1250", "1 Mei"),
        ("update", "comments", None, "87", "1 Mei"),
    ]


def test_every_field_can_change_and_each_change_is_one_history_row(cli, item):
    record = cli.json(
        "news",
        "update",
        item,
        "--satker",
        "kanwil",
        "--title",
        "Bakti sosial Lapas",
        "--media",
        "facebook",
        "--date",
        "02/04/2025",
        "--outlet",
        "Kanwil Bali",
        "--url",
        FACEBOOK,
        "--category",
        "glorifikasi",
        "--sentiment",
        "positif",
        "--views",
        "5000",
        "--likes",
        "100",  # unchanged: no history row
        "--shares",
        "12",
    )
    assert {k: record[k] for k in ("satker", "published_on", "media", "media_group", "url")} == {
        "satker": "kanwil",
        "published_on": "2025-04-02",
        "media": "facebook",
        "media_group": "media-sosial",
        "url": FACEBOOK,
    }
    assert record["updated_at"] >= record["created_at"]
    assert history(cli, item)[1:] == [
        ("update", "satker", "lapas-kerobokan", "kanwil", None),
        ("update", "published_on", "2025-04-01", "2025-04-02", None),
        ("update", "title", "Bakti sosial", "Bakti sosial Lapas", None),
        ("update", "media", "instagram", "facebook", None),
        ("update", "outlet", "@lapaskerobokan", "Kanwil Bali", None),
        ("update", "url", "https://www.instagram.com/p/ABC/", FACEBOOK, None),
        ("update", "category", "kegiatan", "glorifikasi", None),
        ("update", "sentiment", "netral", "positif", None),
        ("update", "views", None, "5000", None),
        ("update", "shares", None, "12", None),
    ]  # fmt: skip
    # The old URL is free again once the item moved to another one.
    add_news(cli, url="https://instagram.com/p/ABC")


def test_empty_values_clear_optional_fields(cli, item):
    cli("news", "update", item, "--outlet", "", "--url", "", "--likes", "")
    record = cli.json("news", "show", item)
    assert (record["outlet"], record["url"], record["likes"]) == (None, None, None)
    assert history(cli, item)[-1] == ("update", "likes", "100", None, None)
    # With no URL it no longer blocks the same address.
    add_news(cli, url="https://instagram.com/p/ABC")


def test_same_values_change_nothing(cli, item, unchanged):
    result = unchanged(
        lambda: cli("news", "update", item, "--likes", "100", "--title", " Bakti  sosial ")
    )
    assert result.stderr.strip() == f"No change: news {item} already has these values."


def test_a_url_differing_only_in_tracking_parts_is_not_a_duplicate_of_itself(cli, item):
    cli("news", "update", item, "--url", "https://instagram.com/p/ABC?igsh=xyz")
    assert cli.json("news", "show", item)["url"] == "https://instagram.com/p/ABC?igsh=xyz"


@pytest.mark.parametrize(
    "args, error",
    [
        (("--url", "https://x.id/other/"), "Error: this URL is already recorded as news {other}"),
        (("--url", "mailto:humas@x.id"), "Error: 'mailto:humas@x.id' is not a web address"),
        (("--title", ""), "Error: title is empty"),
        (("--media", "koran"), "Error: unknown media 'koran'; valid: website,"),
        (("--media", ""), "Error: media is empty; valid: website,"),
        (("--satker", "lapas-x"), "Error: unknown satker 'lapas-x'; see `adurabi satker list`"),
        (("--date", "2025-05-01"), "Error: date 01/05/2025 is in the future"),
        (("--date", ""), "Error: date is empty"),
        (("--category", ""), "Error: category is empty; valid: kegiatan,"),
        (("--sentiment", ""), "Error: sentiment is empty"),
        (("--likes", "-3"), "Error: likes must not be negative (got -3)"),
        (("--views", "1e3"), "Error: views '1e3' is not a whole number"),
        (("--likes", "5", "--views", "x"), "Error: views 'x' is not a whole number"),
        (("--note", "tanpa perubahan"), "Error: nothing to change; give at least one of --title"),
        ((), "Error: nothing to change"),
        (("--likes", "5", "--note", " "), "Error: --note is empty"),
    ],
)  # fmt: skip
def test_bad_updates_are_refused_and_change_nothing(cli, item, unchanged, args, error):
    other = add_news(cli, satker="kanwil", url="https://x.id/other")
    result = unchanged(lambda: cli("news", "update", item, *args, code=1))
    assert result.stderr.startswith(error.format(other=other))
    if args == ("--url", "https://x.id/other/"):
        assert result.stderr.strip().endswith("(kanwil, 30/04/2025)")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["show", "history", "update", "delete"])
def test_unknown_and_malformed_ids(cli, item, unchanged, command):
    extra = {"update": ("--likes", "1"), "delete": ("--note", "x")}.get(command, ())
    result = unchanged(lambda: cli("news", command, "999", *extra, code=1))
    assert result.stderr.strip() == "Error: no news item with id 999"
    result = unchanged(lambda: cli("news", command, "abc", *extra, code=1))
    assert result.stderr.strip() == (
        "Error: news id 'abc' is not valid; use the number `news list` shows"
    )


def test_delete_is_soft_and_keeps_the_history(cli, item, unchanged):
    result = cli("news", "delete", item, "--note", "dobel dengan berita lain")
    assert result.stderr.strip() == f"Deleted news {item} (lapas-kerobokan, 01/04/2025)."
    assert cli.json("news", "list") == []
    shown = cli.json("news", "show", item)
    assert shown["deleted_at"] is not None
    assert [h["action"] for h in shown["history"]] == ["create", "delete"]
    assert shown["history"][-1]["note"] == "dobel dengan berita lain"
    again = unchanged(lambda: cli("news", "delete", item, "--note", "lagi", code=1))
    assert again.stderr.strip() == f"Error: news {item} is already deleted"
    changed = unchanged(lambda: cli("news", "update", item, "--likes", "1", code=1))
    assert changed.stderr.strip() == f"Error: news {item} was deleted; it cannot be changed"


def test_delete_needs_a_reason(cli, item, unchanged):
    assert "--note" in unchanged(lambda: cli("news", "delete", item, code=2)).stderr
    blank = unchanged(lambda: cli("news", "delete", item, "--note", "  ", code=1))
    assert blank.stderr.strip() == "Error: --note is empty; say why the item is deleted"


def test_show_in_every_format(cli, item, monkeypatch):
    cli("news", "update", item, "--likes", "150")
    shown = cli.json("news", "show", item)
    assert shown["id"] == item and shown["deleted_at"] is None
    assert [h["field"] for h in shown["history"]] == [None, "likes"]
    plain = cli("news", "show", f"#{item}").stdout
    assert "Tanggal terbit\t01/04/2025\n" in plain
    assert "Kelompok media\tmedia-sosial\n" in plain
    assert "Dihapus pada" not in plain
    assert "\tchanged\tlikes\t100\t150\t" in plain
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "200")
    table = cli("news", "show", item).stdout
    assert "Riwayat" in table and "Bakti sosial" in table


def test_history_formats(cli, item):
    cli("news", "update", item, "--title", "Baru", "--note", "typo")
    lines = cli("news", "history", item, "--csv").stdout.splitlines()
    assert lines[0] == "at,operator,action,field,old_value,new_value,note"
    assert lines[2].endswith(",tester,update,title,Bakti sosial,Baru,typo")


def test_moving_to_an_inactive_satker_is_refused_but_its_items_stay_editable(cli, item, unchanged):
    cli("satker", "update", "rutan-negara", "--inactive")
    result = unchanged(lambda: cli("news", "update", item, "--satker", "rutan-negara", code=1))
    assert result.stderr.strip() == "Error: satker rutan-negara is inactive"
    cli("satker", "update", "lapas-kerobokan", "--inactive")
    cli("news", "update", item, "--likes", "101")
    assert cli.json("news", "show", item)["likes"] == 101
