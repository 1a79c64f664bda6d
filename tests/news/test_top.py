"""`adurabi news top`: ranking in SQL by each measure, periods, satker, formats, bad input;
and the ten best of the period under the Kanwil workbook's Berita sheet."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.news.conftest import add_news

# title, satker, date, views, likes, comments, shares (None: not counted)
ITEMS = [
    ("A", "kanwil", "2025-03-05", 100, 10, 1, 1),
    ("B", "lapas-kerobokan", "2025-03-20", 500, None, None, None),
    ("C", "kanwil", "2025-03-28", None, 40, 30, 20),
    ("D", "rutan-bangli", "2025-03-10", None, None, None, None),
    ("E", "lapas-kerobokan", "2025-02-15", 900, 90, 9, 9),
    ("F", "kanwil", "2025-04-10", 50, 5, 5, 5),
    ("G", "rutan-bangli", "2025-03-29", 100, 10, 1, 1),  # ties A, published later
]


@pytest.fixture
def items(cli, initialized):
    ids = {}
    for title, satker, day, *counts in ITEMS:
        options = {
            name: value
            for name, value in zip(("views", "likes", "comments", "shares"), counts, strict=True)
            if value is not None
        }
        ids[title] = add_news(cli, satker=satker, title=title, date=day, **options)
    return ids


def titles(rows):
    return [row["title"] for row in rows]


def test_engagement_sums_the_counts_and_later_items_win_ties(cli, items):
    rows = cli.json("news", "top", "--month", "2025-03")
    # B 500, A and G 112 each (G later), C 90; D has no count at all and is left out.
    assert titles(rows) == ["B", "G", "A", "C"]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert [r["engagement"] for r in rows] == [500, 112, 112, 90]
    assert rows[0]["id"] == items["B"] and rows[0]["satker"] == "lapas-kerobokan"
    assert list(rows[0]) == [
        "rank", "id", "satker", "published_on", "title", "media", "media_group", "outlet",
        "url", "category", "sentiment", "views", "likes", "comments", "shares",
        "created_by", "created_at", "updated_at", "engagement", "also_satker",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("views", ["B", "G", "A"]),
        ("likes", ["C", "G", "A"]),
        ("comments", ["C", "G", "A"]),
        ("shares", ["C", "G", "A"]),
        ("suka", ["C", "G", "A"]),  # the Indonesian name
        ("ENGAGEMENT", ["B", "G", "A", "C"]),
    ],
)
def test_each_measure_ranks_only_the_items_that_have_it(cli, items, by, expected):
    assert titles(cli.json("news", "top", "--month", "2025-03", "--by", by)) == expected


def test_periods_limit_and_satker(cli, items):
    assert titles(cli.json("news", "top", "--quarter", "2025-Q1", "--limit", "2")) == ["E", "B"]
    assert titles(cli.json("news", "top", "--year", "2025", "--by", "views")) == [
        "E", "B", "G", "A", "F",
    ]  # fmt: skip
    assert titles(cli.json("news", "top", "--from", "2025-03-25", "--to", "2025-04-30")) == [
        "G", "C", "F",
    ]  # fmt: skip
    # Default: this month (April 2025, the pinned today).
    assert titles(cli.json("news", "top")) == ["F"]
    kanwil = cli.json(
        "news", "top", "--quarter", "2025-1", "--satker", "kanwil", "-s", "Rutan Bangli"
    )
    assert titles(kanwil) == ["G", "A", "C"]


def test_a_deleted_item_leaves_the_list(cli, items):
    cli("news", "delete", str(items["B"]), "--note", "double")
    assert titles(cli.json("news", "top", "--month", "2025-03")) == ["G", "A", "C"]


def test_csv_plain_and_table(cli, items, monkeypatch):
    out = cli("news", "top", "--month", "2025-03", "--csv").stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rank"], r["title"], r["engagement"]) for r in table][:2] == [
        ("1", "B", "500"),
        ("2", "G", "112"),
    ]
    plain = cli("news", "top", "--month", "2025-03", "--limit", "1").stdout.splitlines()
    assert plain == [f"1\t{items['B']}\t20/03/2025\tlapas-kerobokan\tonline\t\tB\t500\t\t\t\t500"]
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "160")
    shown = cli("news", "top", "--month", "2025-03", "--by", "likes").stdout
    assert "Berita teratas bulan Maret 2025 menurut suka" in shown
    empty = cli("news", "top", "--month", "2025-01")
    assert empty.stdout == "" and "tidak ada berita" in empty.stderr
    assert cli.json("news", "top", "--month", "2025-01") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--limit", "0"), "--limit 0 is out of range"),
        (("--limit", "-3"), "--limit -3 is out of range"),
        (("--limit", "1001"), "--limit 1001 is out of range"),
        (("--by", "retweets"), "unknown --by 'retweets'"),
        (("--quarter", "2025-Q5"), "quarter '2025-Q5' is not valid"),
        (("--year", "1999"), "year 1999 is before 2000"),
        (("--year", "2026"), "2026 is in the future"),
        (("--from", "2025-03-02", "--to", "2025-03-01"), "is after --to"),
        (("--month", "2025-03", "--year", "2025"), "give only one of --month, --year"),
        (("--satker", "nowhere"), "nowhere"),
    ],
)
def test_bad_input_is_one_error_line(cli, items, unchanged, args, message):
    result = unchanged(lambda: cli("news", "top", *args, code=1))
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_kanwil_workbook_lists_the_ten_best_under_its_news(cli, initialized, tmp_path):
    for n in range(12):
        add_news(cli, title=f"Berita {n}", date="2025-03-10", views=100 * n, likes=n)
    add_news(cli, title="Februari", date="2025-02-10", views=10**6)
    out = tmp_path / "out"
    cli("export", "--month", "2025-03", "--out", str(out), "--satker", "kanwil", "--quiet")
    rows = list(load_workbook(out / "rekap-2025-03.xlsx")["Berita"].iter_rows(values_only=True))
    caption = next(i for i, row in enumerate(rows) if str(row[0]).startswith("10 berita teratas"))
    assert rows[caption + 1][:10] == (
        "Peringkat", "Tanggal Terbit", "Satker", "Media", "Judul",
        "Dilihat", "Suka", "Komentar", "Dibagikan", "Interaksi",
    )  # fmt: skip
    table = rows[caption + 2 :]
    assert [(r[0], r[4], r[9]) for r in table] == [
        (rank, f"Berita {n}", 101 * n) for rank, n in enumerate(range(11, 1, -1), 1)
    ]
    # A satker's own workbook has no such table.
    own = load_workbook(out / "2025-03" / "kanwil.xlsx")["Berita"]
    assert not any(str(row[0]).startswith("10 berita") for row in own.iter_rows(values_only=True))
