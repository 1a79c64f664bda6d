"""Every number of `adurabi recap --json` on known data, the table, and the refusals."""

from __future__ import annotations

import re
from datetime import UTC, date

import pytest

from tests.dbtarget import dump as dump_database
from tests.recap.factory import local

STATUSES = ("diterima", "diverifikasi", "diproses", "selesai", "ditolak", "dialihkan")
CHANNELS = (
    "sp4n-lapor",
    "whatsapp",
    "email",
    "telepon",
    "website",
    "media-sosial",
    "langsung",
    "surat",
    "kotak-pengaduan",
    "lainnya",
)
CATEGORIES = (
    "kualitas-layanan",
    "prosedur",
    "pungli",
    "penyalahgunaan-wewenang",
    "diskriminasi",
    "kode-etik",
    "ham",
    "permintaan-informasi",
    "aspirasi",
    "lainnya",
)
MEDIA = (
    "website",
    "online",
    "cetak",
    "televisi",
    "radio",
    "instagram",
    "facebook",
    "x",
    "tiktok",
    "youtube",
    "lainnya",
)
ACTIVE = [
    "kanwil",
    "lapas-kerobokan",
    "lapas-perempuan-kerobokan",
    "lapas-narkotika-bangli",
    "lapas-singaraja",
    "lapas-tabanan",
    "lapas-karangasem",
    "lpka-karangasem",
    "rutan-bangli",
    "rutan-gianyar",
    "rutan-klungkung",
    "bapas-denpasar",
    "bapas-karangasem",
    "rupbasan-denpasar",
    "kanim-ngurah-rai",
    "kanim-denpasar",
    "kanim-singaraja",
    "rudenim-denpasar",
]


def counts(keys, **given):
    """A zero-filled count map over keys (slugs with '-' written '_' in given)."""
    result = dict.fromkeys(keys, 0)
    for key, value in given.items():
        slug = key.replace("_", "-")
        assert slug in result, slug
        result[slug] = value
    return result


def complaints(
    received=0,
    resolved=0,
    open=0,
    overdue=0,
    closed=0,
    on_time=0,
    pct=None,
    status=None,
    channel=None,
    category=None,
):
    return {
        "received": received,
        # Nothing in this scenario is forwarded (complaint forward): see tests/complaints.
        "forwarded": 0,
        "resolved": resolved,
        "open": open,
        "overdue": overdue,
        "closed": closed,
        "closed_on_time": on_time,
        "on_time_pct": pct,
        # Nothing in this scenario is answered (complaint reply): see tests/complaints.
        "replied": 0,
        "response_days_total": 0,
        "response_days_avg": None,
        "by_status": counts(STATUSES, **(status or {})),
        "by_channel": counts(CHANNELS, **(channel or {})),
        "by_category": counts(CATEGORIES, **(category or {})),
    }


def news(total=0, media=None, group=None, sentiment=None, **engagement):
    eng = dict.fromkeys(("views", "likes", "comments", "shares"), 0)
    eng.update(engagement)
    eng["total"] = sum(eng.values())
    return {
        "total": total,
        "by_media": counts(MEDIA, **(media or {})),
        "by_group": counts(("website", "media-massa", "media-sosial", "lainnya"), **(group or {})),
        "by_sentiment": counts(("positif", "netral", "negatif"), **(sentiment or {})),
        "engagement": eng,
    }


def by_code(data):
    return {row["code"]: row for row in data["satker"]}


def stamp(day: str, hour: int, minute: int = 0) -> str:
    """A stored time as --json writes it: in UTC."""
    return local(date.fromisoformat(day), hour, minute).astimezone(UTC).isoformat()


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", text)


def dump(target) -> str:
    """Everything stored, to compare before and after a refused command."""
    return dump_database(target)


def test_march_recap_every_number(cli, scenario):
    data = cli.json("recap", "--month", "2025-03")
    assert list(data) == ["month", "period", "report_deadline", "satker", "totals"]
    assert data["report_deadline"] == "2025-04-08"  # the 5th working day of April 2025
    assert data["month"] == "2025-03"
    assert [row["code"] for row in data["satker"]] == ACTIVE  # rutan-negara is inactive
    rows = by_code(data)

    kanwil = rows["kanwil"]
    assert kanwil["name"] == "Kantor Wilayah Kementerian Hukum dan HAM Bali"
    # Received in March: K3 K4 K5 K8 K9 (K6 deleted). Closed in March: K2 (on its due day),
    # K3, K8 on time, K7 late; K2 K3 K7 as selesai. Open on 31/3: K1 and K4 (closed 2/4)
    # overdue, K5 and K9 not yet due.
    assert kanwil["complaints"] == complaints(
        received=5,
        resolved=3,
        open=4,
        overdue=2,
        closed=4,
        on_time=3,
        pct=75.0,
        status={"diterima": 2, "selesai": 1, "ditolak": 1, "dialihkan": 1},
        channel={"whatsapp": 2, "sp4n_lapor": 1, "email": 1, "langsung": 1},
        category={"prosedur": 2, "pungli": 1, "lainnya": 1, "kualitas_layanan": 1},
    )
    assert kanwil["news"] == news(
        3,
        media={"website": 1, "instagram": 1, "online": 1},
        group={"website": 1, "media_massa": 1, "media_sosial": 1},
        sentiment={"positif": 1, "netral": 1, "negatif": 1},
        views=150,
        likes=15,
        comments=2,
        shares=1,
    )
    assert kanwil["news"]["engagement"]["total"] == 168
    assert kanwil["reported"] == {"complaints": True, "news": True}
    assert kanwil["compliance"] == {
        "state": "Lengkap",
        "nil_report": False,
        "news_nil_report": False,
        "complaints_received": 5,
        "news_published": 3,
        # The deleted news item entered at 20:00 does not count.
        "last_entry_at": stamp("2025-03-31", 16, 30),
    }

    kerobokan = rows["lapas-kerobokan"]
    assert kerobokan["complaints"] == complaints()  # its February complaint closed in February
    assert kerobokan["news"] == news(
        1, media={"cetak": 1}, group={"media_massa": 1}, sentiment={"netral": 1}
    )
    assert kerobokan["reported"] == {"complaints": "nil", "news": True}
    assert kerobokan["compliance"] == {
        "state": "Nihil",
        "nil_report": True,
        "news_nil_report": False,
        "complaints_received": 0,
        "news_published": 1,
        "last_entry_at": stamp("2025-03-12", 9),  # April's entries come after the recap's day
    }

    bangli = rows["rutan-bangli"]
    assert bangli["complaints"] == complaints()
    assert bangli["news"] == news()
    assert bangli["reported"] == {"complaints": "nil", "news": False}
    assert bangli["compliance"]["state"] == "Belum melapor"
    assert bangli["compliance"]["last_entry_at"] is None

    gianyar = rows["rutan-gianyar"]
    assert gianyar["complaints"] == complaints(
        received=1,
        open=1,
        overdue=1,
        status={"diverifikasi": 1},
        channel={"telepon": 1},
        category={"prosedur": 1},
    )
    assert gianyar["reported"] == {"complaints": True, "news": False}
    assert gianyar["compliance"]["state"] == "Belum melapor"

    tabanan = rows["lapas-tabanan"]
    assert tabanan["complaints"] == complaints(
        received=1,
        open=1,
        overdue=1,
        status={"diterima": 1},
        channel={"surat": 1},
        category={"ham": 1},
    )
    assert tabanan["news"] == news(
        1, media={"youtube": 1}, group={"media_sosial": 1}, sentiment={"positif": 1}, views=10
    )
    # A complaint outranks the nil report filed before it arrived.
    assert tabanan["reported"] == {"complaints": True, "news": True}
    assert tabanan["compliance"]["state"] == "Lengkap"
    assert tabanan["compliance"]["nil_report"] is True

    silent = set(ACTIVE) - {"kanwil", "lapas-kerobokan", "rutan-bangli"}
    silent -= {"rutan-gianyar", "lapas-tabanan"}
    for code in silent:
        assert rows[code]["complaints"] == complaints(), code
        assert rows[code]["news"] == news(), code
        assert rows[code]["reported"] == {"complaints": False, "news": False}
        assert rows[code]["compliance"] == {
            "state": "Belum melapor",
            "nil_report": False,
            "news_nil_report": False,
            "complaints_received": 0,
            "news_published": 0,
            "last_entry_at": None,
        }

    totals = data["totals"]
    assert totals["satker"] == 18
    assert totals["as_of"] == "2025-03-31"
    assert totals["complaints"] == complaints(
        received=7,
        resolved=3,
        open=6,
        overdue=4,
        closed=4,
        on_time=3,
        pct=75.0,
        status={"diterima": 3, "diverifikasi": 1, "selesai": 1, "ditolak": 1, "dialihkan": 1},
        channel={
            "whatsapp": 2,
            "sp4n_lapor": 1,
            "email": 1,
            "langsung": 1,
            "telepon": 1,
            "surat": 1,
        },
        category={"prosedur": 3, "pungli": 1, "lainnya": 1, "kualitas_layanan": 1, "ham": 1},
    )
    assert totals["news"] == news(
        5,
        media={"website": 1, "instagram": 1, "online": 1, "cetak": 1, "youtube": 1},
        group={"website": 1, "media_massa": 2, "media_sosial": 2},
        sentiment={"positif": 2, "netral": 2, "negatif": 1},
        views=160,
        likes=15,
        comments=2,
        shares=1,
    )
    assert totals["reporting"] == {"lengkap": 2, "nihil": 1, "berjalan": 0, "belum_melapor": 15}
    assert totals["not_reported"] == [
        code for code in ACTIVE if code not in ("kanwil", "lapas-kerobokan", "lapas-tabanan")
    ]


def test_current_month_counts_open_as_of_today_and_carries_over(cli, scenario):
    data = cli.json("recap")  # the current month, 2025-04, as of the pinned 30/4
    assert data["month"] == "2025-04"
    assert data["totals"]["as_of"] == "2025-04-30"
    rows = by_code(data)
    # K4 was closed (ditolak) on 2/4, after its due day 28/3; K1 K5 K9 carry over, overdue.
    assert rows["kanwil"]["complaints"] == complaints(
        open=3, overdue=3, closed=1, on_time=0, pct=0.0
    )
    # April's report is not due before the 5th working day of May.
    assert rows["kanwil"]["compliance"]["state"] == "Berjalan"
    # Due today (30/4) is open but not overdue; the withdrawn nil report counts for nothing.
    assert rows["lapas-kerobokan"]["complaints"] == complaints(
        received=3,
        open=3,
        status={"diterima": 3},
        channel={"whatsapp": 3},
        category={"prosedur": 3},
    )
    assert rows["lapas-kerobokan"]["reported"] == {"complaints": True, "news": False}
    assert rows["lapas-kerobokan"]["compliance"]["last_entry_at"] == stamp("2025-04-15", 9)
    assert rows["rutan-gianyar"]["complaints"] == complaints(open=1, overdue=1)
    assert rows["lapas-tabanan"]["reported"] == {"complaints": False, "news": True}
    assert rows["lapas-tabanan"]["news"]["engagement"]["likes"] == 3
    totals = data["totals"]
    assert totals["complaints"]["received"] == 4
    assert totals["complaints"]["open"] == 9
    assert totals["complaints"]["overdue"] == 6
    assert totals["complaints"]["on_time_pct"] == 0.0
    assert totals["news"]["total"] == 1
    assert totals["reporting"] == {"lengkap": 0, "nihil": 0, "berjalan": 18, "belum_melapor": 0}
    assert totals["not_reported"] == []


def test_month_without_data(cli, scenario):
    data = cli.json("recap", "--month", "2024-12")
    assert [row["code"] for row in data["satker"]] == ACTIVE
    for row in data["satker"]:
        assert row["complaints"] == complaints()
        assert row["news"] == news()
        assert row["reported"] == {"complaints": False, "news": False}
    assert data["totals"]["complaints"] == complaints()
    assert data["totals"]["news"] == news()
    assert data["totals"]["reporting"] == {
        "lengkap": 0,
        "nihil": 0,
        "berjalan": 0,
        "belum_melapor": 18,
    }
    assert data["totals"]["not_reported"] == ACTIVE


def test_empty_database_current_month(cli, initialized):
    data = cli.json("recap", "--month", "current")
    assert data["month"] == "2025-04"
    assert len(data["satker"]) == 19
    assert data["totals"]["complaints"]["on_time_pct"] is None
    assert data["totals"]["reporting"]["berjalan"] == 19
    assert data["totals"]["reporting"]["belum_melapor"] == 0


def test_satker_option_limits_rows_and_totals(cli, scenario):
    data = cli.json(
        "recap", "-m", "2025-03", "--satker", "lapas-tabanan", "-s", "kanwil", "-s", "KANWIL"
    )
    assert [row["code"] for row in data["satker"]] == ["kanwil", "lapas-tabanan"]
    totals = data["totals"]
    assert totals["satker"] == 2
    assert totals["complaints"]["received"] == 6
    assert totals["complaints"]["open"] == 5
    assert totals["complaints"]["overdue"] == 3
    assert totals["news"]["total"] == 4
    assert totals["reporting"] == {"lengkap": 2, "nihil": 0, "berjalan": 0, "belum_melapor": 0}
    assert totals["not_reported"] == []
    by_name = cli.json("recap", "-m", "2025-03", "-s", "Lembaga Pemasyarakatan Kelas IIB Tabanan")
    assert [row["code"] for row in by_name["satker"]] == ["lapas-tabanan"]
    assert by_name["satker"][0] == by_code(data)["lapas-tabanan"]


def test_previous_month_word(cli, scenario):
    march = cli.json("recap", "--month", "2025-03")
    for typed in ("previous", "bulan lalu", "Maret 2025", "mar 2025"):
        assert cli.json("recap", "--month", typed) == march


@pytest.mark.parametrize(
    "args, message",
    [
        (("--month", "2025-13"), "Error: month '2025-13' is not valid; use YYYY-MM"),
        (("--month", "Maretan 2025"), "Error: month 'Maretan 2025' is not valid"),
        (("--month", "2025-05"), "Error: May 2025 is in the future"),
        (("--month", "1999-12"), "Error: month 1999-12 is before 2000"),
        (("--satker", "lapas-atlantis"), "Error: unknown satker 'lapas-atlantis'"),
        (("--satker", "rutan-negara"), "Error: satker rutan-negara is inactive"),
        (("-s", "kanwil", "-s", "rutan-negara"), "Error: satker rutan-negara is inactive"),
    ],
)
def test_bad_input_is_refused(cli, scenario, db_path, args, message):
    before = dump(db_path)
    result = cli("recap", *args, "--json", code=1)
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert dump(db_path) == before


def test_missing_database_is_a_storage_error(cli, tmp_path):
    missing = tmp_path / "nowhere.db"
    result = cli("--db", missing, "recap", code=3)
    assert result.stderr.startswith("Error: no database at")
    assert not missing.exists()


def test_plain_rows_when_piped(cli, scenario, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "0")
    lines = cli("recap", "--month", "2025-03").stdout.splitlines()
    assert len(lines) == 18
    assert lines[0] == "kanwil\t5\t3\t4\t2\t75.0\t3\t1\t1\t1\t0\tLengkap"
    assert lines[1] == "lapas-kerobokan\t0\t0\t0\t0\t\t1\t0\t1\t0\t0\tNihil"
    assert lines[-1] == "rudenim-denpasar\t0\t0\t0\t0\t\t0\t0\t0\t0\t0\tBelum melapor"


def test_table_on_a_terminal(cli, scenario, monkeypatch):
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    out = strip_ansi(cli("recap", "--month", "2025-03").stdout)
    assert "Rekapitulasi Pengaduan dan Berita — Maret 2025" in out
    assert "Terbuka dan terlambat per 31/03/2025" in out
    kanwil = next(line for line in out.splitlines() if " kanwil " in line)
    assert kanwil.split() == [
        "kanwil",
        "5",
        "3",
        "4",
        "2",
        "75.0",
        "3",
        "1",
        "1",
        "1",
        "0",
        "Lengkap",
    ]
    total = next(line for line in out.splitlines() if "JUMLAH" in line)
    assert total.split() == [
        "JUMLAH",
        "7",
        "3",
        "6",
        "4",
        "75.0",
        "5",
        "1",
        "2",
        "2",
        "0",
    ]
    for heading in ("Menurut Status", "Menurut Kanal", "Menurut Kategori", "Menurut Media"):
        assert heading in out
    assert "Pungutan Liar" in out  # categories by their label
    assert "Belum melapor (15): lapas-perempuan-kerobokan, lapas-narkotika-bangli" in out
    assert "rutan-negara" not in out
