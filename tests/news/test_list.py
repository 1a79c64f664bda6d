"""`adurabi news list`: order, every filter, limits and output formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from tests.news.conftest import add_news

ITEMS = [
    # satker, title, media, date, outlet, url, sentiment
    (
        "lapas-kerobokan",
        "Bakti 100%",
        "online",
        "2025-03-24",
        "Bali Post",
        "https://balipost.com/a",
        "positif",
    ),
    (
        "lapas-kerobokan",
        "Video",
        "youtube",
        "2025-03-10",
        "@lapaskerobokan",
        "https://youtube.com/watch?v=1",
        "netral",
    ),
    ("kanwil", "Isu_pungli", "cetak", "2025-03-31", "Radar Bali", None, "negatif"),
    (
        "kanwil",
        "Rilis 'HBP'",
        "website",
        "2025-04-02",
        None,
        "https://bali.kemenkumham.go.id/rilis",
        "positif",
    ),
    (
        "rutan-bangli",
        "Kunjungan",
        "instagram",
        "2025-02-28",
        "@rutanbangli",
        "https://instagram.com/p/X1",
        "netral",
    ),
    ("rutan-bangli", "Wawancara", "radio", "2025-03-24", "RRI Denpasar", None, "netral"),
]


@pytest.fixture
def items(cli, initialized):
    ids = {}
    for satker, title, media, day, outlet, url, sentiment in ITEMS:
        options = {"date": day, "sentiment": sentiment}
        if outlet:
            options["outlet"] = outlet
        if url:
            options["url"] = url
        ids[title] = add_news(cli, satker=satker, title=title, media=media, **options)
    return ids


def titles(cli, *args):
    return [row["title"] for row in cli.json("news", "list", *args)]


def test_newest_first_with_ties_by_id(cli, items):
    assert titles(cli) == [
        "Rilis 'HBP'",
        "Isu_pungli",
        "Wawancara",  # added after the other 24 March item
        "Bakti 100%",
        "Video",
        "Kunjungan",
    ]


@pytest.mark.parametrize(
    "args, expected",
    [
        (("--satker", "kanwil"), {"Isu_pungli", "Rilis 'HBP'"}),
        (
            ("--satker", "kanwil", "-s", "rutan-bangli"),
            {"Isu_pungli", "Rilis 'HBP'", "Kunjungan", "Wawancara"},
        ),
        (
            ("--month", "2025-03"),
            {"Bakti 100%", "Video", "Isu_pungli", "Wawancara"},
        ),
        (("--month", "current"), {"Rilis 'HBP'"}),
        (
            ("--month", "previous", "--from", "2025-03-24"),
            {"Bakti 100%", "Isu_pungli", "Wawancara"},
        ),
        (("--from", "2025-03-24", "--to", "24/03/2025"), {"Bakti 100%", "Wawancara"}),
        (("--to", "2025-03-10"), {"Video", "Kunjungan"}),
        (("--to", "2025-12-31", "--from", "2025-04-01"), {"Rilis 'HBP'"}),
        (("--media", "youtube", "--media", "print"), {"Video", "Isu_pungli"}),
        (("--media", "media-sosial"), {"Video", "Kunjungan"}),
        (
            ("--media", "media-massa"),
            {"Bakti 100%", "Isu_pungli", "Wawancara"},
        ),
        (("--media", "website"), {"Rilis 'HBP'"}),
        (("--media", "Media Sosial", "--media", "website", "--satker", "kanwil"), {"Rilis 'HBP'"}),
        (("--sentiment", "negative"), {"Isu_pungli"}),
        (
            ("--sentiment", "positif", "--sentiment", "negatif"),
            {"Bakti 100%", "Isu_pungli", "Rilis 'HBP'"},
        ),
        (("--search", "BAKTI"), {"Bakti 100%"}),
        (("--search", "radar"), {"Isu_pungli"}),  # the outlet
        (("--search", "kemenkumham.go.id/"), {"Rilis 'HBP'"}),  # the URL
        (("--search", "100%"), {"Bakti 100%"}),
        (("--search", "%"), {"Bakti 100%"}),
        (("--search", "su_p"), {"Isu_pungli"}),
        (("--search", "_"), {"Isu_pungli"}),
        (("--search", "'HB"), {"Rilis 'HBP'"}),
        (("--search", '"; DROP TABLE news; --'), set()),
        (("--search", "tidak ada"), set()),
        (
            ("--satker", "lapas-kerobokan", "--month", "2025-03", "--media", "media-sosial"),
            {"Video"},
        ),
    ],
)
def test_filters(cli, items, args, expected):
    assert set(titles(cli, *args)) == expected


def test_a_deleted_item_leaves_the_list(cli, items):
    cli("news", "delete", items["Video"], "--note", "salah input")
    assert "Video" not in titles(cli)
    assert "Video" not in titles(cli, "--search", "vid")


def test_limit_cuts_and_says_so_on_stderr(cli, items):
    result = cli("news", "list", "--limit", "2", "--json")
    assert [r["title"] for r in json.loads(result.stdout)] == [
        "Rilis 'HBP'",
        "Isu_pungli",
    ]
    assert result.stderr.strip() == "showing 2 of 6; use --limit 0 for all"
    exact = cli("news", "list", "--limit", "6")
    assert exact.stderr == ""
    assert len(exact.stdout.splitlines()) == 6
    everything = cli("news", "list", "--limit", "0", "--month", "2025-03")
    assert everything.stderr == ""
    assert len(everything.stdout.splitlines()) == 4
    filtered = cli("news", "list", "-n", "1", "--month", "2025-03")
    assert filtered.stderr.strip() == "showing 1 of 4; use --limit 0 for all"


def test_default_limit_is_50(cli, initialized):
    from adurabi_cli.db.store import open_store
    from adurabi_cli.services.news import insert_news, prepare_news
    from adurabi_cli.services.refdata import load_refdata

    store = open_store(str(initialized))
    with store.write() as conn:
        ref = load_refdata(conn)
        raw = {"satker": "kanwil", "title": "Berita", "media": "online"}
        rows = [prepare_news(ref, raw, today=date(2025, 4, 1))] * 60
        insert_news(conn, ref, [dict(r) for r in rows], "tester")
    store.close()
    result = cli("news", "list")
    assert len(result.stdout.splitlines()) == 50
    assert result.stderr.strip() == "showing 50 of 60; use --limit 0 for all"


@pytest.mark.parametrize(
    "args, error",
    [
        (("--satker", "lapas-x"), "Error: unknown satker 'lapas-x'; see `adurabi satker list`"),
        (("--media", "koran"), "Error: unknown media 'koran'; valid: website, online,"),
        (("--media", "koran"), "or a group: website, media-massa, media-sosial"),
        (("--sentiment", "marah"), "Error: unknown sentiment 'marah'"),
        (("--month", "2025-13"), "Error: month '2025-13' is not valid"),
        (("--month", "2025-05"), "Error: May 2025 is in the future"),
        (
            ("--from", "2025-04-02", "--to", "2025-04-01"),
            "Error: --from 02/04/2025 is after --to 01/04/2025",
        ),
        (("--from", "1/1"), "Error: '1/1' is not a date"),
        (("--json", "--csv"), "Error: choose one of --json and --csv"),
    ],
)
def test_bad_filters_are_refused(cli, items, args, error):
    result = cli("news", "list", *args, code=1)
    assert error in result.stderr
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_an_inactive_satker_can_still_be_listed(cli, items):
    cli("satker", "update", "rutan-bangli", "--inactive")
    assert set(titles(cli, "--satker", "rutan-bangli")) == {"Kunjungan", "Wawancara"}


def test_empty_results(cli, initialized, monkeypatch):
    assert cli("news", "list", "--json").stdout == "[]\n"
    assert cli("news", "list", "--csv").stdout.startswith("id,satker,published_on,title,")
    assert cli("news", "list").stdout == ""
    monkeypatch.setenv("ADURABI_TTY", "1")
    assert "no news items" in cli("news", "list").stderr


def test_csv_and_plain_output(cli, items):
    rows = list(csv.DictReader(io.StringIO(cli("news", "list", "--csv").stdout)))
    assert list(rows[0]) == [
        "id",
        "satker",
        "published_on",
        "title",
        "media",
        "media_group",
        "outlet",
        "url",
        "category",
        "sentiment",
        "views",
        "likes",
        "comments",
        "shares",
        "created_by",
        "created_at",
        "updated_at",
        "also_satker",
    ]
    assert rows[0]["title"] == "Rilis 'HBP'"
    assert rows[0]["media_group"] == "website"
    assert rows[0]["outlet"] == ""
    plain = cli("news", "list", "--satker", "kanwil").stdout.splitlines()
    assert plain[1].split("\t") == [
        str(items["Isu_pungli"]),
        "31/03/2025",
        "kanwil",
        "cetak",
        "Radar Bali",
        "Isu_pungli",
        "negatif",
        "",
        "",
        "",
        "",
    ]


def test_table_on_a_terminal(cli, items, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "200")
    table = cli("news", "list", "--month", "2025-03").stdout
    assert "Judul" in table and "Tanggal" in table and "┃" in table
    assert "24/03/2025" in table


def test_category_filter(cli, items):
    cli("news", "update", str(items["Rilis 'HBP'"]), "--category", "rilis")
    cli("news", "update", str(items["Video"]), "--category", "klarifikasi")
    assert titles(cli, "--category", "rilis") == ["Rilis 'HBP'"]
    assert set(titles(cli, "--category", "rilis", "--category", "klarifikasi")) == {
        "Rilis 'HBP'",
        "Video",
    }
    assert titles(cli, "--category", "rilis", "--satker", "rutan-bangli") == []
    assert len(titles(cli, "--category", "kegiatan")) == len(ITEMS) - 2
    result = cli("news", "list", "--category", "gosip", code=1)
    assert result.stderr.startswith("Error: unknown news category 'gosip'; valid: kegiatan,")
    assert result.stdout == ""
