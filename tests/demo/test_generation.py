"""The pure generators behind the demo: plans, rows, text, codes."""

from __future__ import annotations

from collections import Counter
from random import Random

import pytest

from adurabi_cli.domain.demo_plan import per_month, spread, unit_of, window_to
from adurabi_cli.domain.demo_rows import (
    MEDIA_BIG,
    ComplaintMaker,
    NewsMaker,
    engagement,
)
from adurabi_cli.domain.demo_text import short_code, slugify
from adurabi_cli.services.complaints import prepare_complaint
from adurabi_cli.services.demo import _roles
from adurabi_cli.services.news import prepare_news
from tests.demo.conftest import D, query

TODAY = D("2025-04-30")


def test_the_window_is_twelve_months_up_to_today():
    window = window_to(TODAY)
    assert [str(m) for m in (window.months[0], window.months[-1])] == ["2024-05", "2025-04"]
    assert window.days[0] == D("2024-05-01") and window.days[-1] == TODAY
    last = [window.days[i] for i in window.last_month]
    assert last[0] == D("2025-03-01") and last[-1] == D("2025-03-31")
    assert str(window.previous) == "2025-03"


def test_spread_keeps_quiet_satker_out_of_last_month_and_gives_required_ones_a_row():
    window = window_to(TODAY)
    days = [1.0] * len(window.days)
    weights = [5.0, 1.0, 0.01, 0.01]
    keys = spread(Random(3), 500, weights, days, window, quiet=[0], required=[1, 2, 3])
    assert len(keys) == 500 and keys == sorted(keys)
    table = per_month(keys, 4, window)
    assert table[0][10] == 0 and table[0][0] > 0  # quiet last month, busy otherwise
    assert all(table[satker][10] >= 1 for satker in (1, 2, 3))
    assert keys == spread(Random(3), 500, weights, days, window, quiet=[0], required=[1, 2, 3])
    # Too few rows for every required satker: no promise, still the right total.
    assert len(spread(Random(3), 2, weights, days, window, required=[1, 2, 3])) == 2


def test_generated_complaints_are_already_clean(ref):
    window = window_to(TODAY)
    maker = ComplaintMaker(Random(5), ref.calendar, TODAY, ref.sla_days)
    units = [unit_of(s) for s in ref.satker.values()]
    for index in range(3000):
        raw = maker.make(units[index % len(units)], window.days[index % len(window.days)])
        row = prepare_complaint(ref, raw, today=TODAY, imported=True)
        for name in ("summary", "complainant_name", "complainant_contact", "external_ref"):
            assert row[name] == raw[name], (name, raw[name])
        assert (row["status"], row["resolved_on"]) == (raw["status"], raw["resolved_on"])


def test_generated_news_items_are_already_clean(ref):
    window = window_to(TODAY)
    maker = NewsMaker(Random(5), salt=5)
    units = [unit_of(s) for s in ref.satker.values()]
    media = Counter()
    for index in range(3000):
        unit = units[index % len(units)]
        raw = maker.make(unit, window.days[(index * 7) % len(window.days)])
        row = prepare_news(ref, raw, today=TODAY)
        assert row["satker_id"] == ref.satker[unit.code]["id"]
        assert {name: row[name] for name in raw} == raw
        media[raw["media"]] += 1
    assert set(media) == set(MEDIA_BIG)


@pytest.mark.parametrize("media", sorted(MEDIA_BIG))
def test_engagement_counts_are_whole_non_negative_numbers(media):
    rng = Random(1)
    for _ in range(200):
        counts = engagement(rng, media, 2.5)
        assert set(counts) == {"views", "likes", "comments", "shares"}
        assert all(v is None or (isinstance(v, int) and v >= 0) for v in counts.values())
        if media in ("cetak", "televisi", "radio"):
            assert set(counts.values()) == {None}


def test_short_codes_never_repeat():
    codes = [short_code(n, salt=11) for n in range(1, 200_001)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 11 and c.replace("-", "").replace("_", "").isalnum() for c in codes[:99])
    assert short_code(5, salt=1) != short_code(5, salt=2)


def test_slugify():
    assert slugify("Kanwil Kemenkumham Bali Gelar Rapat: 100% Hadir!") == (
        "kanwil-kemenkumham-bali-gelar-rapat-100-hadir"
    )
    assert slugify("???") == "berita"


def test_roles_fall_back_to_the_quietest_units_of_another_registry():
    satker = [
        {"code": "kanwil", "name": "Kanwil", "kind": "kanwil"},
        {"code": "lapas-kerobokan", "name": "Lapas Kerobokan", "kind": "lapas"},
        {"code": "kanim-tabanan", "name": "Kanim Tabanan", "kind": "imigrasi"},
        {"code": "rutan-bangli", "name": "Rutan Bangli", "kind": "rutan"},
        {"code": "rudenim-denpasar", "name": "Rudenim Denpasar", "kind": "rudenim"},
    ]
    silent, nil = _roles([unit_of(s) for s in satker])
    assert [satker[i]["code"] for i in silent] == ["rudenim-denpasar", "rutan-bangli"]
    assert satker[nil]["code"] == "kanim-tabanan"


def test_a_registry_of_its_own_still_shows_every_reporting_state(cli, tmp_path, db_path):
    registry = tmp_path / "satker.csv"
    registry.write_text(
        "code,name,kind\n"
        "kanwil,Kantor Wilayah Kementerian Hukum Bali,kanwil\n"
        "lapas-baru,Lapas Kelas III Baru,lapas\n"
        "kanim-tabanan,Kantor Imigrasi Kelas II Non TPI Tabanan,imigrasi\n"
        "rutan-bangli,Rumah Tahanan Negara Kelas IIB Bangli,rutan\n"
        "bapas-denpasar,Balai Pemasyarakatan Kelas I Denpasar,bapas\n"
    )
    cli("init", "--satker-file", str(registry))
    cli("demo", "--complaints", "200", "--news", "100")
    states = Counter(
        entry["compliance"]["state"] for entry in cli.json("recap", "--month", "previous")["satker"]
    )
    assert states == {"Lengkap": 2, "Belum melapor": 2, "Nihil": 1}
    assert len(query(db_path, "SELECT id FROM satker")) == 5
