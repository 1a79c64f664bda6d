"""Excel benchmark: the recap writer against raw openpyxl write-only mode.

    python bench/bench_excel.py [--rows 100000]

1. Writing: a month of N complaints and N news items (default 100,000 each) as the Kanwil
   recap workbook (`write_kanwil_recap`: Ringkasan, Pengaduan, Berita with hyperlinks,
   Kepatuhan), against raw openpyxl write-only mode appending the same rows' values to two
   sheets, in the same process on the same in-memory rows, runs alternated, the best of each
   kept. Target: at least 0.8x raw's throughput.
2. Peak memory of each writer in a fresh subprocess (VmHWM), rows streamed from a generator
   as an export streams them from the database. Target: under 150 MB.

openpyxl writes through lxml when it is installed: the figures name which way it wrote.
Files go to bench/out/ (ignored by git). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Figure  # noqa: E402

OUT = ROOT / "bench" / "out"
WITA = timezone(timedelta(hours=8))
SATKER = [
    "kanwil", "lapas-kerobokan", "lapas-perempuan-kerobokan", "lapas-narkotika-bangli",
    "lapas-singaraja", "lapas-tabanan", "lapas-karangasem", "lpka-karangasem", "rutan-bangli",
    "rutan-gianyar", "rutan-negara", "rutan-klungkung", "bapas-denpasar", "bapas-karangasem",
    "rupbasan-denpasar", "kanim-ngurah-rai", "kanim-denpasar", "kanim-singaraja",
    "rudenim-denpasar",
]  # fmt: skip
CHANNELS = ["sp4n-lapor", "whatsapp", "email", "telepon", "langsung", "surat"]
CATEGORIES = ["kualitas-layanan", "prosedur", "pungli", "permintaan-informasi", "aspirasi"]
STATUSES = ["diterima", "diverifikasi", "diproses", "selesai", "ditolak", "dialihkan"]
MEDIA = ["website", "online", "cetak", "instagram", "facebook", "tiktok", "youtube"]
WORDS = [
    "warga", "mengeluhkan", "antrean", "kunjungan", "yang", "panjang", "petugas", "kurang",
    "ramah", "informasi", "layanan", "paspor", "tidak", "jelas", "biaya", "tambahan", "diminta",
    "saat", "pengurusan", "berkas", "mohon", "ditindaklanjuti", "segera", "terima", "kasih",
]  # fmt: skip
COMPLAINT_FIELDS = (
    "number", "satker", "received_on", "channel", "category", "summary", "complainant_name",
    "complainant_contact", "anonymous", "confidential", "external_ref", "status", "due_on",
    "extended", "resolved_on", "resolution", "overdue",
)  # fmt: skip
NEWS_FIELDS = (
    "satker", "published_on", "title", "media", "outlet", "url", "category", "sentiment",
    "views", "likes", "comments", "shares",
)  # fmt: skip


def complaints(n: int) -> Iterator[dict]:
    rnd = random.Random(1)
    first = date(2025, 3, 1)
    for i in range(n):
        received = first + timedelta(days=rnd.randrange(31))
        status = rnd.choice(STATUSES)
        closed = status in ("selesai", "ditolak", "dialihkan")
        anonymous = rnd.random() < 0.1
        yield {
            "number": f"PGD-2025-{i + 1:05d}",
            "satker": rnd.choice(SATKER),
            "received_on": received,
            "channel": rnd.choice(CHANNELS),
            "category": rnd.choice(CATEGORIES),
            "summary": " ".join(rnd.choices(WORDS, k=rnd.randrange(8, 30))).capitalize(),
            "complainant_name": None if anonymous else f"Warga {i}",
            "complainant_contact": None if anonymous else f"08{rnd.randrange(10**9, 10**10)}",
            "anonymous": anonymous,
            "confidential": rnd.random() < 0.05,
            "external_ref": f"LPR-{i:07d}" if rnd.random() < 0.3 else None,
            "status": status,
            "due_on": received + timedelta(days=20),
            "extended": rnd.random() < 0.05,
            "resolved_on": received + timedelta(days=rnd.randrange(1, 15)) if closed else None,
            "resolution": "Sudah ditindaklanjuti oleh petugas" if closed else None,
            "overdue": not closed and rnd.random() < 0.3,
        }


def news(n: int) -> Iterator[dict]:
    rnd = random.Random(2)
    first = date(2025, 3, 1)
    for i in range(n):
        media = rnd.choice(MEDIA)
        yield {
            "satker": rnd.choice(SATKER),
            "published_on": first + timedelta(days=rnd.randrange(31)),
            "title": " ".join(rnd.choices(WORDS, k=rnd.randrange(5, 12))).title(),
            "media": media,
            "outlet": "Bali Post" if media in ("online", "cetak") else "@kemenkumhambali",
            "url": f"https://www.balipost.com/news/2025/03/{i}/berita-kanwil-{i % 97}",
            "category": "kegiatan",
            "sentiment": rnd.choice(["positif", "netral", "negatif"]),
            "views": rnd.randrange(10**5),
            "likes": rnd.randrange(10**3),
            "comments": rnd.randrange(100) if rnd.random() < 0.5 else None,
            "shares": rnd.randrange(100) if rnd.random() < 0.5 else None,
        }


def recap() -> dict:
    entries = [
        {
            "code": code,
            "name": code.replace("-", " ").title(),
            "complaints": {"received": 10, "resolved": 5, "open": 5, "overdue": 1},
            "news": {"total": 10, "by_media": {"online": 10}},
            "reported": {"complaints": True, "news": True},
        }
        for code in SATKER
    ]
    return {"month": "2025-03", "satker": entries, "totals": {"complaints": {}, "news": {}}}


def write_raw(path: Path, complaint_rows, news_rows) -> None:
    """Raw openpyxl write-only: the same values, no formatting, no links."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Pengaduan")
    ws.append(list(COMPLAINT_FIELDS))
    for row in complaint_rows:
        ws.append([row[f] for f in COMPLAINT_FIELDS])
    ws = wb.create_sheet("Berita")
    ws.append(list(NEWS_FIELDS))
    for row in news_rows:
        ws.append([row[f] for f in NEWS_FIELDS])
    wb.save(path)


def write_ours(path: Path, complaint_rows, news_rows) -> None:
    from adurabi_cli.excel.recap_writer import write_kanwil_recap

    write_kanwil_recap(
        path,
        recap(),
        complaint_rows,
        news_rows,
        generated_at=datetime(2025, 4, 1, 6, 0, tzinfo=WITA),
        include_personal=True,
    )


def child(mode: str, n: int) -> None:
    """One writer in a fresh process, rows streamed; prints its peak RSS in MB."""
    path = OUT / f"child-{mode}.xlsx"
    start = time.perf_counter()
    (write_raw if mode == "raw" else write_ours)(path, complaints(n), news(n))
    elapsed = time.perf_counter() - start
    print(json.dumps({"peak_mb": round(peak_rss_mb(), 1), "seconds": round(elapsed, 2)}))


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so a child started from a big
    parent reports the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_child(mode: str, n: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--rows", str(n), "--child", mode],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def timed(label: str, fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    elapsed = time.perf_counter() - start
    print(f"  {label:<34} {elapsed:7.2f} s")
    return elapsed


def measure(n: int = 100_000) -> list[Figure]:
    """The figures bench/run.py gathers: recap-writer throughput against raw openpyxl
    write-only (best of two, alternated) and each writer's peak memory."""
    OUT.mkdir(parents=True, exist_ok=True)
    complaint_rows, news_rows = list(complaints(n)), list(news(n))
    raw_path, ours_path = OUT / "raw.xlsx", OUT / "rekap-2025-03.xlsx"
    raw_times, our_times = [], []
    for _ in range(2):
        data = (complaint_rows, news_rows)
        raw_times.append(timed("raw openpyxl write-only", write_raw, raw_path, *data))
        our_times.append(timed("write_kanwil_recap", write_ours, ours_path, *data))
    del complaint_rows, news_rows
    rows = 2 * n
    peaks = {mode: measure_child(mode, n)["peak_mb"] for mode in ("raw", "ours")}
    return [
        Figure(
            f"recap workbook writer ({rows:,} rows)",
            rows / min(our_times),
            "rows/s",
            anchor_name="raw openpyxl write-only, same rows",
            anchor=rows / min(raw_times),
            target=0.8,
            higher_is_better=True,
        ),
        Figure(
            f"recap workbook writer peak memory ({rows:,} rows)",
            peaks["ours"],
            "MB",
            anchor_name="raw openpyxl write-only",
            anchor=peaks["raw"],
            target=150,
            absolute=True,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="complaints and news each")
    parser.add_argument("--child", choices=("raw", "ours"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    n = args.rows
    if args.child:
        child(args.child, n)
        return

    print(f"Writing {n:,} complaints and {n:,} news items (same process, rows in memory)")
    complaint_rows, news_rows = list(complaints(n)), list(news(n))
    raw_path, ours_path = OUT / "raw.xlsx", OUT / "rekap-2025-03.xlsx"
    # Alternate the two so that a busy machine slows both alike; keep each one's best.
    raw_times, our_times = [], []
    data = (complaint_rows, news_rows)
    for _ in range(2):
        raw_times.append(timed("raw openpyxl write-only", write_raw, raw_path, *data))
        our_times.append(timed("write_kanwil_recap", write_ours, ours_path, *data))
    raw_best, ours_best = min(raw_times), min(our_times)
    rows = 2 * n
    ratio = raw_best / ours_best
    print(f"  raw:  {rows / raw_best:9,.0f} rows/s   ours: {rows / ours_best:9,.0f} rows/s")
    print(f"  throughput ratio ours/raw: {ratio:.2f}x (target >= 0.80) "
          f"{'OK' if ratio >= 0.8 else 'BELOW TARGET'}")  # fmt: skip
    del complaint_rows, news_rows

    print("Peak memory, each writer alone in a fresh process, rows streamed")
    for mode in ("raw", "ours"):
        got = measure_child(mode, n)
        verdict = "" if mode == "raw" else (" OK" if got["peak_mb"] < 150 else " OVER 150 MB")
        print(f"  {mode:<5} peak RSS {got['peak_mb']:7.1f} MB in {got['seconds']:.1f} s{verdict}")


if __name__ == "__main__":
    main()
