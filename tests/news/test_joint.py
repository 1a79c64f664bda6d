"""Joint coverage: one news item about several satker (the Kanwil and a Lapas together).

It belongs to its own satker and names the others it also covers (`--also-satker`): each of
those satker's rows counts it (engagement too), the totals count it once.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from adurabi_cli.db.migrations import LATEST
from tests.complaints.helpers import refused
from tests.dbtarget import rows
from tests.news.conftest import add_news, snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def links(target) -> list[tuple]:
    query = (
        "SELECT l.news_id, s.code FROM news_satker l JOIN satker s ON s.id = l.satker_id "
        "ORDER BY l.news_id, s.code"
    )
    return [tuple(row.values()) for row in rows(target, query)]


def joint(cli, **options) -> int:
    """An item of kanwil that also covers lapas-kerobokan and rutan-bangli."""
    args = ["news", "add", "--satker", "kanwil", "--title", "Kanwil dan Lapas bersama"]
    args += ["--media", "online", "--date", "2025-04-10", "--views", "100", "--likes", "20"]
    args += ["--also-satker", "lapas-kerobokan", "--also-satker", "Rutan Bangli"]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    return int(cli(*args).stdout.strip())


# --- add, update, show, list ------------------------------------------------------------------


def test_add_stores_the_other_satker_and_every_output_shows_them(cli, initialized):
    news_id = joint(cli)
    assert links(initialized) == [(news_id, "lapas-kerobokan"), (news_id, "rutan-bangli")]
    record = cli.json("news", "show", news_id)
    assert record["satker"] == "kanwil"
    assert record["also_satker"] == ["lapas-kerobokan", "rutan-bangli"]
    assert "Satker lain\tlapas-kerobokan; rutan-bangli\n" in cli("news", "show", news_id).stdout
    alone = add_news(cli, satker="lapas-kerobokan", title="Sendiri", date="2025-04-11")
    listed = {r["id"]: r for r in cli.json("news", "list")}
    assert listed[news_id]["also_satker"] == ["lapas-kerobokan", "rutan-bangli"]
    assert listed[alone]["also_satker"] == []
    table = list(csv.DictReader(io.StringIO(cli("news", "list", "--csv").stdout)))
    assert list(table[0])[-1] == "also_satker"
    by_id = {int(r["id"]): r["also_satker"] for r in table}
    assert by_id == {news_id: "lapas-kerobokan; rutan-bangli", alone: ""}
    # The item is in the list of each satker it covers, not of another one.
    assert [r["id"] for r in cli.json("news", "list", "--satker", "rutan-bangli")] == [news_id]
    assert {r["id"] for r in cli.json("news", "list", "-s", "lapas-kerobokan")} == {
        news_id,
        alone,
    }
    assert cli.json("news", "list", "--satker", "lapas-singaraja") == []


def test_add_json_and_a_name_given_twice_counts_once(cli, initialized):
    record = cli.json(
        "news", "add", "--satker", "kanwil", "--title", "T", "--media", "radio",
        "--also-satker", "lapas-kerobokan;LP Kerobokan", "--also-satker", "rutan-bangli",
        "--json",
    )  # fmt: skip
    assert record["also_satker"] == ["lapas-kerobokan", "rutan-bangli"]
    assert len(links(initialized)) == 2


def test_update_replaces_the_set_and_an_empty_value_clears_it(cli, initialized):
    news_id = joint(cli)
    result = cli("news", "update", news_id, "--also-satker", "lapas-singaraja", "--note", "koreksi")
    assert "also_satker: 'lapas-kerobokan; rutan-bangli' -> lapas-singaraja" in result.stderr
    assert links(initialized) == [(news_id, "lapas-singaraja")]
    same = cli("news", "update", news_id, "--also-satker", "lapas-singaraja")
    assert "No change" in same.stderr
    record = cli.json("news", "update", news_id, "--also-satker", "", "--json")
    assert record["also_satker"] == []
    assert links(initialized) == []
    changes = [
        (h["action"], h["field"], h["old_value"], h["new_value"], h["note"])
        for h in cli.json("news", "history", news_id)
    ]
    assert changes == [
        ("create", None, None, None, None),
        ("update", "also_satker", "lapas-kerobokan; rutan-bangli", "lapas-singaraja", "koreksi"),
        ("update", "also_satker", "lapas-singaraja", None, None),
    ]
    # Moving the item to another satker keeps the others it covers.
    cli("news", "update", news_id, "--also-satker", "rutan-bangli")
    cli("news", "update", news_id, "--satker", "lapas-kerobokan")
    record = cli.json("news", "show", news_id)
    assert (record["satker"], record["also_satker"]) == ("lapas-kerobokan", ["rutan-bangli"])


# --- refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("also", "reason"),
    [
        ("kanwil", "kanwil is the item's own satker"),
        ("Kanwil Bali", "kanwil is the item's own satker"),
        ("lapas-entah", "unknown satker 'lapas-entah'"),
        ("lapas-singaraja", "satker lapas-singaraja is inactive"),
    ],
)
def test_add_refuses_its_own_an_unknown_or_an_inactive_satker(
    cli, initialized, also, reason, unchanged
):
    cli("satker", "update", "lapas-singaraja", "--inactive")
    args = ["news", "add", "-s", "kanwil", "-t", "T", "--media", "online"]
    line = unchanged(
        lambda: refused(cli, *args, "--also-satker", "rutan-bangli", "--also-satker", also)
    )
    assert reason in line
    assert links(initialized) == []


def test_update_refusals_store_nothing(cli, initialized, unchanged):
    news_id = joint(cli)
    cli("satker", "update", "lapas-singaraja", "--inactive")
    before = links(initialized)
    for args, reason in [
        (("--also-satker", "kanwil"), "kanwil is the item's own satker"),
        (("--also-satker", "rutan-bangli", "--also-satker", "x-y"), "unknown satker 'x-y'"),
        (("--also-satker", "lapas-singaraja"), "satker lapas-singaraja is inactive"),
        # The new owner is among the others it covers.
        (("--satker", "rutan-bangli"), "rutan-bangli is the item's own satker"),
        (("--satker", "rutan-bangli", "--title", "Baru"), "rutan-bangli is the item's own"),
    ]:
        line = unchanged(lambda a=args: refused(cli, "news", "update", news_id, *a))
        assert reason in line, args
        assert links(initialized) == before
    # The same move with the new set given is fine.
    cli("news", "update", news_id, "--satker", "rutan-bangli", "--also-satker", "kanwil")
    assert links(initialized) == [(news_id, "kanwil")]


# --- counting: rows, totals, top, trend, monitor ----------------------------------------------


@pytest.fixture
def counted(cli, initialized):
    """The joint item (100 views, 20 likes) and one of lapas-kerobokan alone (5 views)."""
    joint(cli)
    add_news(cli, satker="lapas-kerobokan", title="Sendiri", date="2025-04-11", views=5)
    return cli


def news_rows(recap: dict) -> dict[str, tuple[int, int]]:
    return {
        s["code"]: (s["news"]["total"], s["news"]["engagement"]["total"])
        for s in recap["satker"]
        if s["news"]["total"]
    }


def test_recap_counts_the_item_in_each_row_and_once_in_the_totals(counted):
    recap = counted.json("recap", "--month", "2025-04")
    assert news_rows(recap) == {
        "kanwil": (1, 120),
        "lapas-kerobokan": (2, 125),
        "rutan-bangli": (1, 120),
    }
    totals = recap["totals"]["news"]
    assert (totals["total"], totals["engagement"]["total"]) == (2, 125)
    assert totals["by_media"]["online"] == 2 and totals["by_group"]["media-massa"] == 2
    entry = next(s for s in recap["satker"] if s["code"] == "rutan-bangli")
    assert entry["reported"]["news"] is True
    # Totals of the rows shown: each item once among them.
    some = counted.json("recap", "--month", "2025-04", "-s", "rutan-bangli", "-s", "kanwil")
    assert news_rows(some) == {"kanwil": (1, 120), "rutan-bangli": (1, 120)}
    assert some["totals"]["news"]["total"] == 1
    # Deleted, it leaves every row.
    counted("news", "delete", "1", "--note", "salah")
    recap = counted.json("recap", "--month", "2025-04")
    assert news_rows(recap) == {"lapas-kerobokan": (1, 5)}
    assert recap["totals"]["news"]["total"] == 1


def test_news_top_of_a_satker_holds_the_items_it_covers(counted):
    top = counted.json("news", "top", "--month", "2025-04", "--satker", "rutan-bangli")
    assert [(r["title"], r["also_satker"]) for r in top] == [
        ("Kanwil dan Lapas bersama", ["lapas-kerobokan", "rutan-bangli"])
    ]
    top = counted.json("news", "top", "--month", "2025-04", "--satker", "lapas-kerobokan")
    assert [r["engagement"] for r in top] == [120, 5]
    assert len(counted.json("news", "top", "--month", "2025-04")) == 2


def test_trend_counts_the_item_in_each_row_and_once_in_the_totals(counted):
    trend = counted.json("trend", "--months", "2")
    april = {s["code"]: s["months"][-1] for s in trend["satker"]}
    assert (april["kanwil"]["news"], april["kanwil"]["engagement"]) == (1, 120)
    assert (april["lapas-kerobokan"]["news"], april["lapas-kerobokan"]["engagement"]) == (2, 125)
    assert april["rutan-bangli"]["news"] == 1
    assert trend["totals"]["months"][-1]["news"] == 2
    assert trend["totals"]["months"][-1]["engagement"] == 125
    assert trend["totals"]["months"][0]["news"] == 0


def test_monitor_counts_the_item_for_each_satker_and_once_in_the_totals(counted):
    monitor = counted.json("monitor", "--once")
    month = {s["code"]: s["news_month"] for s in monitor["satker"]}
    assert (month["kanwil"], month["lapas-kerobokan"], month["rutan-bangli"]) == (1, 2, 1)
    assert monitor["totals"]["news_month"] == 2


# --- workbooks and import ---------------------------------------------------------------------


def test_export_writes_satker_lain_and_each_satker_file_holds_the_items_it_covers(
    counted, tmp_path
):
    import openpyxl

    counted("export", "--month", "2025-04", "--out", tmp_path / "rekap")

    def berita(path: Path) -> list[tuple]:
        sheet = openpyxl.load_workbook(path)["Berita"]
        cells = list(sheet.iter_rows(values_only=True))
        at = next(i for i, r in enumerate(cells) if "Satker Lain" in r)
        header = list(cells[at])
        first, also = header.index("Satker"), header.index("Satker Lain")
        body = []
        for row in cells[at + 1 :]:
            if row[0] == "Jumlah":  # the totals row, then the table of the best items
                break
            body.append((row[first], row[also]))
        return body

    kanwil_file = tmp_path / "rekap" / "rekap-2025-04.xlsx"
    assert berita(kanwil_file)[:2] == [
        ("kanwil", "lapas-kerobokan; rutan-bangli"),
        ("lapas-kerobokan", None),
    ]
    summary = list(openpyxl.load_workbook(kanwil_file)["Ringkasan"].iter_rows(values_only=True))
    news = next(r for r in summary if "Jumlah Berita" in r).index("Jumlah Berita")
    totals = next(r for r in summary if r[0] == "Jumlah")
    assert totals[news] == 2  # the joint item once
    per_satker = tmp_path / "rekap" / "2025-04"
    assert berita(per_satker / "rutan-bangli.xlsx") == [("kanwil", "lapas-kerobokan; rutan-bangli")]
    assert len(berita(per_satker / "lapas-kerobokan.xlsx")) == 2
    assert berita(per_satker / "lapas-singaraja.xlsx") == []


@pytest.mark.parametrize("source", ["xlsx", "csv"])
def test_an_exported_file_imports_back_with_the_other_satker(
    counted, initialized, tmp_path, source
):
    if source == "xlsx":
        counted("export", "--month", "2025-04", "--out", tmp_path)
        path = tmp_path / "rekap-2025-04.xlsx"
    else:
        path = tmp_path / "berita.csv"
        path.write_text(counted("news", "list", "--csv").stdout, encoding="utf-8")
    for item in counted.json("news", "list"):
        counted("news", "delete", item["id"], "--note", "diimpor ulang")
    result = counted("import", "news", path)
    assert "Imported 2 news item(s)" in result.stderr
    back = {r["title"]: r["also_satker"] for r in counted.json("news", "list")}
    assert back == {"Kanwil dan Lapas bersama": ["lapas-kerobokan", "rutan-bangli"], "Sendiri": []}
    assert news_rows(counted.json("recap", "--month", "2025-04"))["rutan-bangli"] == (1, 120)


def test_import_reports_a_bad_satker_lain_and_stores_nothing(cli, initialized, tmp_path):
    path = tmp_path / "berita.csv"
    path.write_text(
        "Satker;Tanggal Terbit;Judul;Media;Satker Lain\n"
        'kanwil;2025-04-01;Baik;online;"lapas-kerobokan; rutan-bangli"\n'
        "kanwil;2025-04-02;Sendiri;online;Kanwil Bali\n"
        "kanwil;2025-04-03;Entah;online;lapas-entah\n",
        encoding="utf-8",
    )
    before = snapshot(initialized)
    result = cli("import", "news", path, code=1)
    assert "2 bad row(s); nothing was imported" in result.stderr
    assert "row 3, column Satker Lain: kanwil is the item's own satker" in result.stderr
    assert "row 4, column Satker Lain: unknown satker 'lapas-entah'" in result.stderr
    assert snapshot(initialized) == before and links(initialized) == []


def test_the_template_offers_satker_lain(cli, initialized, tmp_path):
    import openpyxl

    path = tmp_path / "isian.xlsx"
    cli("template", "news", "--out", path)
    sheet = openpyxl.load_workbook(path)["Berita"]
    headers = [c for row in sheet.iter_rows(max_row=10, values_only=True) for c in row if c]
    assert any(str(h).startswith("Satker Lain") for h in headers)


# --- schema -----------------------------------------------------------------------------------


def test_a_version_1_file_upgrades_and_its_news_may_then_cover_several_satker(cli, tmp_path):
    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "schema-v1.db", path)
    cli("--db", path, "init")
    assert cli.json("--db", path, "info")["schema_version"] == LATEST
    [stored] = cli.json("--db", path, "news", "list")
    assert stored["also_satker"] == []
    cli("--db", path, "news", "update", stored["id"], "--also-satker", "lapas-kerobokan")
    with sqlite3.connect(path) as conn:
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(news_satker)")}
    conn.close()
    assert "ix_news_satker_satker" in indexes
    month = stored["published_on"][:7]
    recap = cli.json("--db", path, "recap", "--month", month)
    rows_ = {s["code"]: s["news"]["total"] for s in recap["satker"] if s["news"]["total"]}
    assert rows_ == {stored["satker"]: 1, "lapas-kerobokan": 1}
    assert recap["totals"]["news"]["total"] == 1


@pytest.mark.sqlite_only
def test_a_backup_carries_the_other_satker(cli, initialized, tmp_path):
    news_id = joint(cli)
    dest = tmp_path / "cadangan.db"
    cli("backup", dest)
    assert (
        links(dest)
        == links(initialized)
        == [
            (news_id, "lapas-kerobokan"),
            (news_id, "rutan-bangli"),
        ]
    )
    assert cli.json("--db", dest, "news", "show", news_id)["also_satker"] == [
        "lapas-kerobokan",
        "rutan-bangli",
    ]
