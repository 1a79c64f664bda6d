"""What `adurabi demo` stores: every satker, the reporting states, numbers, deadlines, history."""

from __future__ import annotations

from collections import Counter, defaultdict

from adurabi_cli.db.engine import safe_url
from adurabi_cli.domain.calendar import WorkingCalendar, due_date
from adurabi_cli.services.deadlines import deadline_for
from tests.demo.conftest import COMPLAINTS, LAST_MONTH, NEWS, SMALL, D, query

TODAY = D("2025-04-30")


def test_prints_this_months_recap_exactly_as_recap_does_and_one_summary_line(cli, db_path):
    result = cli("demo", *SMALL)
    assert result.stdout == cli("recap").stdout
    rows = result.stdout.splitlines()
    assert len(rows) == 19 and rows[0].startswith("kanwil\t")
    summary, excel = result.stderr.strip().splitlines()
    assert excel.startswith("Excel recap: ")
    summary = [summary]
    assert f"{COMPLAINTS} complaints, {NEWS} news items" in summary[0]
    assert "19 satker" in summary[0] and "30/04/2025" in summary[0] and "seed 1" in summary[0]
    assert safe_url(str(db_path)) in summary[0]


def test_json_prints_the_recap_of_the_current_month(cli):
    data = cli.json("demo", *SMALL)
    assert data["month"] == "2025-04"
    assert data["totals"]["satker"] == 19
    assert data == cli.json("recap")


def test_every_satker_has_complaints_and_news_in_the_year(demo_db):
    satker = query(demo_db, "SELECT id, code FROM satker")
    complaints = Counter(r["satker_id"] for r in query(demo_db, "SELECT satker_id FROM complaint"))
    news = Counter(r["satker_id"] for r in query(demo_db, "SELECT satker_id FROM news"))
    assert len(satker) == 19
    assert sum(complaints.values()) == COMPLAINTS and sum(news.values()) == NEWS
    for row in satker:
        assert complaints[row["id"]] > 0, row["code"]
        assert news[row["id"]] > 0, row["code"]


def test_busy_and_quiet_units(demo_db):
    rows = query(
        demo_db,
        "SELECT s.code, count(*) AS n FROM complaint c JOIN satker s ON s.id = c.satker_id "
        "GROUP BY s.code ORDER BY n DESC",
    )
    ranked = [row["code"] for row in rows]
    assert set(ranked[:2]) == {"lapas-kerobokan", "kanim-ngurah-rai"}
    assert "rupbasan-denpasar" in ranked[-3:]


def test_last_month_two_satker_did_not_report_and_one_filed_a_nil_report(cli, demo_db):
    data = cli.json("recap", "--month", LAST_MONTH)
    states = {entry["code"]: entry["compliance"]["state"] for entry in data["satker"]}
    assert sorted(code for code, state in states.items() if state == "Belum melapor") == [
        "lapas-karangasem",
        "rudenim-denpasar",
    ]
    assert [code for code, state in states.items() if state == "Nihil"] == ["rupbasan-denpasar"]
    assert Counter(states.values())["Lengkap"] == 16
    by_code = {entry["code"]: entry for entry in data["satker"]}
    for code in ("lapas-karangasem", "rudenim-denpasar"):
        assert by_code[code]["complaints"]["received"] == 0
        assert by_code[code]["news"]["total"] == 0
    nil = by_code["rupbasan-denpasar"]
    assert nil["reported"] == {"complaints": "nil", "news": True}
    assert nil["complaints"]["received"] == 0
    active = query(demo_db, "SELECT month FROM nil_report WHERE withdrawn_at IS NULL")
    assert Counter(row["month"] for row in active)[LAST_MONTH] == 1
    assert not any(row["month"] == "2025-04" for row in active)


def test_nil_reports_only_for_months_without_complaints(demo_db):
    clashes = query(
        demo_db,
        "SELECT n.satker_id, n.month FROM nil_report n JOIN complaint c "
        "ON c.satker_id = n.satker_id AND substr(c.received_on, 1, 7) = n.month",
    )
    assert clashes == []


def test_numbers_are_unique_and_sequential_per_year_in_order_of_arrival(demo_db):
    rows = query(demo_db, "SELECT number, received_on FROM complaint ORDER BY id")
    by_year = defaultdict(list)
    for row in rows:
        year, sequence = row["number"].split("-")[1:]
        assert int(year) == int(row["received_on"][:4])
        by_year[int(year)].append((int(sequence), row["received_on"]))
    assert set(by_year) == {2024, 2025}
    sequences = dict(
        (r["year"], r["last"]) for r in query(demo_db, "SELECT * FROM number_sequence")
    )
    for year, numbered in by_year.items():
        assert sorted(n for n, _ in numbered) == list(range(1, len(numbered) + 1))
        assert sequences[year] == len(numbered)
        in_number_order = [received for _, received in sorted(numbered)]
        assert in_number_order == sorted(in_number_order)


def test_due_dates_follow_the_working_day_calendar_including_nyepi(demo_db):
    # Straight from the `holidays` package, not through the program's cache.
    calendar = WorkingCalendar()
    assert due_date(D("2025-03-24"), calendar) == D("2025-04-15")  # DESIGN's example
    rows = query(demo_db, "SELECT received_on, due_on, extended FROM complaint")
    for row in rows:
        expected = deadline_for(D(row["received_on"]), bool(row["extended"]), calendar, 14)
        assert D(row["due_on"]) == expected, row
    # Some deadlines span Nyepi (29/3/2025) and Idul Fitri (31/3-1/4).
    assert any(D("2025-03-10") <= D(r["received_on"]) <= D("2025-03-28") for r in rows)
    assert any(r["extended"] for r in rows)


def test_follow_up_old_mostly_closed_some_late_some_overdue(demo_db):
    rows = query(demo_db, "SELECT * FROM complaint")
    closed = [r for r in rows if r["status"] in ("selesai", "ditolak", "dialihkan")]
    open_ = [r for r in rows if r not in closed]
    old = [r for r in rows if D(r["received_on"]) < D("2025-01-01")]
    recent = [r for r in rows if D(r["received_on"]) >= D("2025-04-14")]
    assert sum(r in closed for r in old) / len(old) > 0.9
    assert sum(r in open_ for r in recent) / len(recent) > 0.3
    statuses = Counter(r["status"] for r in closed)
    assert statuses["selesai"] > statuses["ditolak"] + statuses["dialihkan"] > 0
    for row in closed:
        assert row["resolution"] and row["received_on"] <= row["resolved_on"] <= "2025-04-30"
    for row in open_:
        assert row["resolution"] is None and row["resolved_on"] is None
    assert any(r["resolved_on"] > r["due_on"] for r in closed), "someone closed late"
    assert any(r["due_on"] < "2025-04-30" for r in open_), "some open ones are overdue"
    assert any(r["due_on"] >= "2025-04-30" for r in open_), "some open ones are on time"


def test_overdue_list_and_recap_agree(cli, demo_db):
    overdue = cli.json("complaint", "list", "--overdue", "--limit", "0")
    assert overdue
    assert cli.json("recap")["totals"]["complaints"]["overdue"] == len(overdue)


def test_arrivals_fall_mostly_on_weekdays(demo_db):
    days = [D(r["received_on"]) for r in query(demo_db, "SELECT received_on FROM complaint")]
    weekend = sum(day.weekday() >= 5 for day in days)
    assert weekend / len(days) < 0.15
    assert min(days) >= D("2024-05-01") and max(days) <= TODAY


def test_identity_channels_and_external_refs(demo_db):
    rows = query(demo_db, "SELECT * FROM complaint")
    anonymous = [r for r in rows if r["anonymous"]]
    assert anonymous and all(
        r["complainant_name"] is None and r["complainant_contact"] is None for r in anonymous
    )
    assert any(r["confidential"] for r in rows)
    assert any(r["complainant_contact"] for r in rows)
    refs = [r["external_ref"] for r in rows if r["external_ref"]]
    assert refs and len(refs) == len(set(refs))
    assert all(r["channel"] == "sp4n-lapor" for r in rows if r["external_ref"])
    channels = Counter(r["channel"] for r in rows)
    assert {"whatsapp", "sp4n-lapor", "langsung"} <= set(channels)
    walk_ins = [D(r["received_on"]) for r in rows if r["channel"] == "langsung"]
    assert all(day.weekday() < 5 for day in walk_ins), "nobody walks in on a weekend"


def test_news_media_outlets_urls_and_engagement(demo_db):
    rows = query(demo_db, "SELECT * FROM news")
    media = Counter(r["media"] for r in rows)
    assert {m for m, _ in media.most_common(2)} == {"website", "instagram"}
    keys = [r["url_key"] for r in rows if r["url_key"]]
    assert len(keys) == len(set(keys)) and len(keys) > NEWS * 0.8
    sentiments = Counter(r["sentiment"] for r in rows)
    assert sentiments["negatif"] < 0.15 * NEWS < sentiments["positif"]
    for row in rows:
        if row["media"] == "instagram":
            assert row["likes"] is not None and row["outlet"].startswith("@")
        if row["media"] == "cetak":
            assert row["url"] is None and row["views"] is None and row["outlet"]
        if row["media"] == "website":
            assert row["url"].startswith("https://") and "/berita/" in row["url"]
    assert all(r["title"] and r["published_on"] <= "2025-04-30" for r in rows)


def test_every_record_has_its_create_history(demo_db):
    history = query(demo_db, "SELECT entity, entity_id, action, note, operator FROM history")
    created = {(h["entity"], h["entity_id"]) for h in history if h["action"] == "create"}
    for entity, table in (
        ("complaint", "complaint"),
        ("news", "news"),
        ("nil_report", "nil_report"),
    ):
        ids = {r["id"] for r in query(demo_db, f"SELECT id FROM {table}")}
        assert ids and {(entity, i) for i in ids} <= created
    assert {h["note"] for h in history} == {"demo data (seed 1)"}
    assert {h["operator"] for h in history} == {"tester"}
