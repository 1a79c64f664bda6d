"""Benchmark `adurabi export`: a month of 100,000 complaints and 100,000 news items.

    python bench/bench_export.py [--rows 100000] [--rebuild] [--runs 2]

The database (cached under bench/out/) holds March 2025: N complaints received in the month
(plus a few hundred older ones still open) and N news items, spread over the 19 satker,
stored through the services' bulk path. Today is pinned to 2025-04-15.

1. Throughput, in this process: `export_month` (one read transaction: the recap, then the
   rows streamed from SQLite into the Kanwil workbook and the 19 satker workbooks, all
   formatted, with personal data) against raw openpyxl write-only writing the same rows to
   the same files (values only, no formatting, no links), given the rows already in memory
   so the database reading counts against the export only. Both write every row twice (the
   Kanwil file and a satker file). Runs alternate; the best of each counts.
   Target: the export at least 0.8x raw's throughput.
2. Peak memory of `adurabi export` run through the CLI in a fresh process (VmHWM).
   Target: under 150 MB.
3. For reference, wall time of `python -m adurabi_cli export --quiet` in a fresh process.

Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Figure  # noqa: E402

OUT = ROOT / "bench" / "out"
TODAY = "2025-04-15"
MONTH = "2025-03"
TARGET_RATIO = 0.8
TARGET_MB = 150
FIXTURE_VERSION = 1
CHANNELS = ["sp4n-lapor", "whatsapp", "email", "telepon", "langsung", "surat", "website"]
CATEGORIES = ["kualitas-layanan", "prosedur", "pungli", "permintaan-informasi", "aspirasi"]
STATUSES = ["diterima", "diverifikasi", "diproses", "selesai", "selesai", "ditolak", "dialihkan"]
MEDIA = ["website", "online", "cetak", "instagram", "facebook", "tiktok", "youtube", "x"]
WORDS = [
    "warga", "mengeluhkan", "antrean", "kunjungan", "yang", "panjang", "petugas", "kurang",
    "ramah", "informasi", "layanan", "paspor", "tidak", "jelas", "biaya", "tambahan", "diminta",
    "saat", "pengurusan", "berkas", "mohon", "ditindaklanjuti", "segera", "terima", "kasih",
]  # fmt: skip
COMPLAINT_COLUMNS = (
    "number", "satker", "received_on", "channel", "category", "summary", "complainant_name",
    "complainant_contact", "anonymous", "confidential", "external_ref", "status", "due_on",
    "extended", "resolved_on", "resolution", "overdue",
)  # fmt: skip
NEWS_COLUMNS = (
    "satker", "published_on", "title", "media", "outlet", "url", "category", "sentiment",
    "views", "likes", "comments", "shares",
)  # fmt: skip


def db_path(n: int) -> Path:
    return OUT / f"export-{n}-v{FIXTURE_VERSION}.db"


def build(path: Path, n: int) -> None:
    """An initialised database holding the month, through prepare_* and insert_*."""
    from adurabi_cli.db.store import open_store
    from adurabi_cli.services.complaints import insert_complaints, prepare_complaint
    from adurabi_cli.services.news import insert_news, prepare_news
    from adurabi_cli.services.refdata import load_refdata
    from adurabi_cli.services.setup import init_database

    partial = path.with_suffix(".partial")
    for leftover in OUT.glob(partial.name + "*"):
        leftover.unlink()
    init_database(str(partial))
    today = date.fromisoformat(TODAY)
    rnd = random.Random(5)
    store = open_store(str(partial))
    try:
        with store.write() as conn:
            ref = load_refdata(conn)
            codes = list(ref.satker)
            raw = [_complaint(rnd, codes, i, date(2025, 3, 1), 31, today) for i in range(n)]
            # Older complaints still open: they carry into March's sheet.
            raw += [
                _complaint(rnd, codes, n + i, date(2025, 1, 2), 58, today, open_only=True)
                for i in range(n // 200)
            ]
            rows = [prepare_complaint(ref, r, today=today, imported=True) for r in raw]
            insert_complaints(conn, ref, rows, "bench", note="bench")
            items = [prepare_news(ref, _news(rnd, codes, i), today=today) for i in range(n)]
            insert_news(conn, ref, items, "bench", note="bench")
    finally:
        store.close()
    with sqlite3.connect(partial) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    for leftover in OUT.glob(partial.name + "*"):
        leftover.unlink()


def _complaint(rnd, codes, i, first, days, today, *, open_only=False) -> dict:
    received = first + timedelta(days=rnd.randrange(days))
    status = rnd.choice(STATUSES[:3] if open_only else STATUSES)
    closed = status in ("selesai", "ditolak", "dialihkan")
    anonymous = rnd.random() < 0.1
    resolved = received + timedelta(days=rnd.randrange(1, 25)) if closed else None
    return {
        "satker": rnd.choice(codes),
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
        "extended": rnd.random() < 0.05,
        "resolved_on": min(resolved, today) if resolved else None,
        "resolution": "Sudah ditindaklanjuti oleh petugas" if closed else None,
    }


def _news(rnd, codes, i) -> dict:
    media = rnd.choice(MEDIA)
    return {
        "satker": rnd.choice(codes),
        "published_on": date(2025, 3, 1) + timedelta(days=rnd.randrange(31)),
        "title": " ".join(rnd.choices(WORDS, k=rnd.randrange(5, 12))).title(),
        "media": media,
        "outlet": "Bali Post" if media in ("online", "cetak") else "@kemenkumhambali",
        "url": f"https://www.balipost.com/news/2025/03/{i}/berita-{i % 97}",
        "sentiment": rnd.choice(["positif", "netral", "negatif"]),
        "views": rnd.randrange(10**5),
        "likes": rnd.randrange(10**3),
        "comments": rnd.randrange(100) if rnd.random() < 0.5 else None,
        "shares": rnd.randrange(100) if rnd.random() < 0.5 else None,
    }


# --- the two writers ----------------------------------------------------------------------------


def ours(db: Path, out: Path) -> int:
    """The export as the command runs it; returns the number of files written."""
    from adurabi_cli.db.store import open_store
    from adurabi_cli.services.export import export_month

    store = open_store(str(db))
    try:
        result = export_month(store, month=MONTH, out=out, include_personal=True)
    finally:
        store.close()
    return len(result.paths)


def rows_in_memory(db: Path) -> tuple[list[tuple], list[tuple]]:
    """The rows the export writes, read once with plain sqlite3, dates as dates."""
    from adurabi_cli.db import export as queries
    from adurabi_cli.db.store import open_store

    store = open_store(str(db))
    today = date.fromisoformat(TODAY)
    first, last = date(2025, 3, 1), date(2025, 3, 31)
    try:
        with store.read() as conn:
            complaints = [
                tuple(r[c] for c in COMPLAINT_COLUMNS)
                for r in queries.month_complaints(
                    conn, first, last, min(last, today), include_personal=True
                )
            ]
            stream = queries.month_news(conn, first, last)
            news = [tuple(r[c] for c in NEWS_COLUMNS) for r in stream]
    finally:
        store.close()
    return complaints, news


def by_satker(complaints: list[tuple], news: list[tuple]) -> dict[str, tuple[list, list]]:
    """The rows of each satker file, grouped before timing so raw pays nothing for it."""
    groups: dict[str, tuple[list, list]] = {}
    for row in complaints:
        groups.setdefault(row[1], ([], []))[0].append(row)
    for row in news:
        groups.setdefault(row[0], ([], []))[1].append(row)
    return groups


def raw(out: Path, complaints: list[tuple], news: list[tuple], groups: dict) -> None:
    """openpyxl write-only: the same rows to the same files, values only."""
    from openpyxl import Workbook

    out.mkdir(parents=True, exist_ok=True)
    (out / MONTH).mkdir(exist_ok=True)

    def book(path: Path, complaint_rows, news_rows) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Pengaduan")
        ws.append(list(COMPLAINT_COLUMNS))
        for row in complaint_rows:
            ws.append(row)
        ws = wb.create_sheet("Berita")
        ws.append(list(NEWS_COLUMNS))
        for row in news_rows:
            ws.append(row)
        wb.save(path)

    book(out / f"rekap-{MONTH}.xlsx", complaints, news)
    for code, (complaint_rows, news_rows) in groups.items():
        book(out / MONTH / f"{code}.xlsx", complaint_rows, news_rows)


# --- memory in a fresh process -----------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss survives exec on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(db: Path, out: Path) -> None:
    """`adurabi export` through the CLI in this (fresh) process; prints peak memory."""
    from adurabi_cli.cli.app import app

    start = time.perf_counter()
    app(
        ["--db", str(db), "export", "--month", MONTH, "--out", str(out), "--quiet",
         "--include-personal"],
        prog_name="adurabi",
        standalone_mode=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    print(json.dumps({"peak_mb": round(peak_rss_mb(), 1), "seconds": round(elapsed, 2)}))


def measure_child(db: Path, out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "ADURABI_TODAY": TODAY},
    )
    if result.returncode != 0:
        raise SystemExit(f"child export failed: {result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def command_seconds(db: Path, out: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "adurabi_cli", "--db", str(db), "export", "--month", MONTH,
         "--out", str(out), "--quiet"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "ADURABI_TODAY": TODAY},
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"export failed: {result.stderr}")
    return time.perf_counter() - start


def measure(n: int = 100_000, runs: int = 2) -> list[Figure]:
    """The figures bench/run.py gathers: peak memory of the command in a fresh process,
    throughput against raw openpyxl write-only on the same rows (best of `runs`, alternated),
    and the command's wall time."""
    os.environ["ADURABI_TODAY"] = TODAY
    OUT.mkdir(parents=True, exist_ok=True)
    db = db_path(n)
    if not db.exists():
        build(db, n)
    peak = measure_child(db, OUT / "export-child")["peak_mb"]
    complaints, news = rows_in_memory(db)
    groups = by_satker(complaints, news)
    written = 2 * (len(complaints) + len(news))
    raw_best = ours_best = float("inf")
    for _ in range(runs):
        for stale in ((OUT / "export-raw"), (OUT / "export-ours")):
            shutil.rmtree(stale, ignore_errors=True)
        started = time.perf_counter()
        raw(OUT / "export-raw", complaints, news, groups)
        raw_best = min(raw_best, time.perf_counter() - started)
        started = time.perf_counter()
        ours(db, OUT / "export-ours")
        ours_best = min(ours_best, time.perf_counter() - started)
    del complaints, news, groups
    seconds = command_seconds(db, OUT / "export-command")
    month = f"a month of {n:,} complaints + {n:,} news, {written:,} rows written"
    return [
        Figure(f"export ({month})", written / ours_best, "rows/s",
               anchor_name="raw openpyxl write-only, same rows and files",
               anchor=written / raw_best, target=TARGET_RATIO, higher_is_better=True),
        Figure(f"export peak memory, the command in a fresh process ({month})", peak, "MB",
               target=TARGET_MB),
        Figure(f"export, the command's wall time ({month})", seconds, "s"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="complaints and news each")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["ADURABI_TODAY"] = TODAY
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    db = db_path(args.rows)
    if args.rebuild or not db.exists():
        print(f"Building {db.name} ...", flush=True)
        start = time.perf_counter()
        build(db, args.rows)
        print(f"  built in {time.perf_counter() - start:.0f} s")

    # Memory first, in a fresh process, before this one holds any rows.
    got = measure_child(db, OUT / "export-child")
    verdict = "OK" if got["peak_mb"] < TARGET_MB else f"OVER {TARGET_MB} MB"
    print(f"Peak memory of `adurabi export` (fresh process): {got['peak_mb']:.1f} MB "
          f"in {got['seconds']:.1f} s  {verdict}")  # fmt: skip

    complaints, news = rows_in_memory(db)
    groups = by_satker(complaints, news)
    written = 2 * (len(complaints) + len(news))
    print(f"Throughput: {len(complaints):,} complaint rows and {len(news):,} news rows, "
          f"each written twice (Kanwil file + satker file) = {written:,} rows")  # fmt: skip
    raw_times, our_times = [], []

    def write_raw() -> None:
        raw(OUT / "export-raw", complaints, news, groups)

    def write_ours() -> None:
        ours(db, OUT / "export-ours")

    for run in range(args.runs):
        for label, times, work in (
            ("raw openpyxl write-only", raw_times, write_raw),
            ("adurabi export", our_times, write_ours),
        ):
            for stale in ((OUT / "export-raw"), (OUT / "export-ours")):
                shutil.rmtree(stale, ignore_errors=True)
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            times.append((wall, cpu))
            print(f"  run {run + 1} {label:<24} {wall:6.2f} s wall {cpu:6.2f} s CPU "
                  f"{written / wall:9,.0f} rows/s")  # fmt: skip
    for index, what in ((0, "wall"), (1, "CPU")):
        raw_best = min(t[index] for t in raw_times)
        our_best = min(t[index] for t in our_times)
        ratio = raw_best / our_best
        verdict = "OK" if ratio >= TARGET_RATIO else "BELOW TARGET"
        print(f"  best {what:<4}: raw {written / raw_best:9,.0f} rows/s, export "
              f"{written / our_best:9,.0f} rows/s, ratio {ratio:.2f}x "
              f"(target >= {TARGET_RATIO}) {verdict}")  # fmt: skip
    seconds = command_seconds(db, OUT / "export-command")
    print(f"`python -m adurabi_cli export --quiet` in a fresh process: {seconds:.1f} s wall")


if __name__ == "__main__":
    main()
