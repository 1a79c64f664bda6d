"""Benchmark `news add` and `news list --month M` on a database of one million news items.

    python bench/bench_news.py [--rounds N] [--rebuild] [--layout random] [--bulk]

The database is built once with raw executemany (schema from `adurabi init`) and cached
under bench/out/. By default items are stored in the order operators enter them: ids follow
the entry day and each item was published up to ten days before it was entered, as in a
real database. `--layout random` shuffles publication dates across ids instead (a pessimistic
case: every row of a month sits on a different page).

Each round runs, in turn, the floor `python -c "import typer, sqlmodel"` (what any command
of a Typer + SQLModel program pays before doing anything), then each command in a fresh
process with stdout piped. Prints medians and the ratio to the floor;
the target is at most 1.3x.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))

from bench.common import Figure  # noqa: E402

ITEMS = 1_000_000
MONTHS = 48
TARGET = 1.3
LAG_DAYS = (0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 7, 10)  # from publication to entry
BENCH_OPERATOR = "bench-news"

MEDIA = [  # (slug, weight, social)
    ("website", 20, False),
    ("online", 25, False),
    ("cetak", 5, False),
    ("televisi", 3, False),
    ("radio", 2, False),
    ("instagram", 20, True),
    ("facebook", 10, True),
    ("x", 5, True),
    ("tiktok", 6, True),
    ("youtube", 4, True),
]
OUTLETS = {
    "website": ["Website Satker"],
    "online": ["Bali Post", "Tribun Bali", "Radar Bali", "NusaBali", "Detik Bali", "Antara Bali"],
    "cetak": ["Bali Post", "Radar Bali", "Pos Bali"],
    "televisi": ["TVRI Bali", "Bali TV"],
    "radio": ["RRI Denpasar", "Radio Global"],
}
TOPICS = [
    "Bakti sosial",
    "Pembinaan kemandirian warga binaan",
    "Penyuluhan hukum",
    "Kunjungan kerja Kakanwil",
    "Razia kamar hunian",
    "Pelayanan paspor jemput bola",
    "Deportasi WNA",
    "Remisi hari besar keagamaan",
    "Sosialisasi layanan pengaduan",
    "Pencanangan zona integritas",
]


def db_path(layout: str, items: int = ITEMS) -> Path:
    size = "1m" if items == ITEMS else f"{items}"
    return OUT / f"news-{size}-{layout}.db"


def build(path: Path, layout: str, items: int = ITEMS) -> None:
    """A fresh schema from `adurabi init`, then `items` news items and their history rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "adurabi_cli", "--db", str(partial), "init"],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    rng = random.Random(20250324)
    conn = sqlite3.connect(partial, isolation_level=None)
    satker_ids = [row[0] for row in conn.execute("SELECT id FROM satker")]
    media = [m for m, _, _ in MEDIA]
    weights = [w for _, w, _ in MEDIA]
    social = {m for m, _, s in MEDIA if s}
    first_day = date.today().replace(day=1) - timedelta(days=30 * MONTHS)
    span = (date.today() - first_day).days
    if layout == "random":
        published_days = [rng.randrange(span) for _ in range(items)]
    else:
        entered = sorted(rng.randrange(span) for _ in range(items))
        published_days = [max(0, day - rng.choice(LAG_DAYS)) for day in entered]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
    columns = (
        "id, satker_id, published_on, title, media, outlet, url, url_key, category, sentiment, "
        "views, likes, comments, shares, created_by, created_at, updated_at"
    )
    insert_news = f"INSERT INTO news ({columns}) VALUES ({', '.join('?' * 17)})"
    insert_history = (
        "INSERT INTO history (entity, entity_id, at, operator, action) VALUES (?, ?, ?, ?, ?)"
    )
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    batch = 50_000
    for start in range(1, items + 1, batch):
        rows = []
        for news_id in range(start, min(start + batch, items + 1)):
            slug = rng.choices(media, weights)[0]
            published = first_day + timedelta(days=published_days[news_id - 1])
            has_url = rng.random() < 0.7
            key = f"{slug}.example.id/{published:%Y/%m}/{news_id}" if has_url else None
            counts = (
                (
                    rng.randrange(50_000),
                    rng.randrange(5_000),
                    rng.randrange(300),
                    rng.randrange(200),
                )
                if slug in social
                else (None, None, None, None)
            )
            rows.append(
                (
                    news_id,
                    rng.choice(satker_ids),
                    published.isoformat(),
                    f"{rng.choice(TOPICS)} ({news_id})",
                    slug,
                    rng.choice(OUTLETS.get(slug, ["@kemenkumhambali"])),
                    f"https://www.{key}/" if key else None,
                    key,
                    rng.choices(["kegiatan", "rilis", "glorifikasi", "klarifikasi"], [6, 2, 1, 1])[
                        0
                    ],
                    rng.choices(["positif", "netral", "negatif"], [5, 4, 1])[0],
                    *counts,
                    "generator",
                    stamp,
                    stamp,
                )
            )
        conn.executemany(insert_news, rows)
        conn.executemany(
            insert_history, [("news", row[0], stamp, "generator", "create") for row in rows]
        )
        print(f"  {start + len(rows) - 1:>9,} items", end="\r", file=sys.stderr, flush=True)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    partial.replace(path)
    print(f"built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def count_items(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM news WHERE deleted_at IS NULL").fetchone()[0]
    except sqlite3.Error:
        return 0


def timed(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and CPU time (user + system) of one fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADURABI_")}
    env["ADURABI_OPERATOR"] = BENCH_OPERATOR
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, result


BULK_ROWS = 40_000


def bulk(path: Path, repeats: int = 3) -> float:
    """Rows per second of the import path: prepare_news, find_duplicates, insert_news.

    40,000 items given as text the way a spreadsheet holds them, checked against the
    million stored ones and inserted in one transaction, then rolled back.
    """
    sys.path.insert(0, str(ROOT))
    from adurabi_cli.db.store import open_store
    from adurabi_cli.services.news import find_duplicates, insert_news, prepare_news
    from adurabi_cli.services.refdata import load_refdata

    media = ["Online", "instagram", "tv", "website", "youtube", "Media Cetak"]
    raw = [
        {
            "satker": "lapas-kerobokan" if i % 3 else "kanim-ngurah-rai",
            "title": f"{TOPICS[i % len(TOPICS)]} ({i})",
            "media": media[i % len(media)],
            "published_on": f"{1 + i % 28:02d}/03/2025",
            "outlet": "Bali Post",
            "url": f"https://www.balipost.com/import/{uuid.uuid4().hex}/?utm_source=wa",
            "category": "kegiatan",
            "sentiment": "positif",
            "views": str(i),
            "likes": "1.250",
            "comments": "",
            "shares": None,
        }
        for i in range(BULK_ROWS)
    ]
    store = open_store(str(path))
    today = date.today()
    timings = []
    try:
        for _ in range(repeats):
            with store.write() as conn:
                started = time.perf_counter()
                ref = load_refdata(conn)
                rows = [prepare_news(ref, item, today=today) for item in raw]
                prepared = time.perf_counter()
                assert not find_duplicates(conn, rows)
                checked = time.perf_counter()
                insert_news(conn, ref, rows, BENCH_OPERATOR)
                done = time.perf_counter()
                conn.rollback()
            timings.append((done - started, prepared - started, checked - prepared, done - checked))
    finally:
        store.close()
    total, prepare, check, insert = min(timings)
    print(
        f"import path, {BULK_ROWS:,} items into {count_items(path):,} (best of {repeats}): "
        f"{total:.2f} s = {BULK_ROWS / total:,.0f} rows/s "
        f"(prepare {prepare:.2f} s, duplicates {check:.2f} s, insert {insert:.2f} s)"
    )
    return BULK_ROWS / total


def cases_for(db: Path, month: str) -> dict[str, Callable[[], list[str]]]:
    """The commands timed, the floor first; each call makes a fresh command line."""
    cli = [sys.executable, "-m", "adurabi_cli", "--db", str(db)]
    return {
        "floor: import typer, sqlmodel": lambda: [sys.executable, "-c", "import typer, sqlmodel"],
        "news add": lambda: [
            *cli,
            "news",
            "add",
            "--satker",
            "lapas-kerobokan",
            "--title",
            "Bakti sosial warga binaan",
            "--media",
            "online",
            "--outlet",
            "Bali Post",
            "--url",
            f"https://www.balipost.com/bench/{uuid.uuid4().hex}/?utm_source=wa",
            "--likes",
            "120",
        ],
        f"news list --month {month}": lambda: [*cli, "news", "list", "--month", month],
        "news list (no filter, info only)": lambda: [*cli, "news", "list"],
        "satker list (reference, info only)": lambda: [*cli, "satker", "list"],
    }


def run_rounds(
    db: Path, month: str, rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of every case, `rounds` interleaved rounds after a warm-up.

    The items `news add` records are deleted afterwards, leaving the cached database as built.
    """
    cases = cases_for(db, month)
    wall: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    # An installed package has its bytecode compiled; a checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module in every process.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "adurabi_cli"], cwd=ROOT, check=True)
    stored = count_items(db)
    try:
        for make in cases.values():  # warm the page cache
            timed(make())
        for _ in range(rounds):
            for name, make in cases.items():
                elapsed, used, _ = timed(make())
                wall[name].append(elapsed)
                cpu[name].append(used)
        listed = timed(cases[f"news list --month {month}"]())[2]
        print(
            f"{stored:,} news items in {db.name}; `news list --month {month}` "
            f"printed {len(listed.stdout.splitlines())} rows and said: {listed.stderr.strip()}"
        )
    finally:
        with sqlite3.connect(db) as conn:  # leave the cached database as it was built
            conn.execute(
                "DELETE FROM history WHERE entity = 'news' AND operator = ?", (BENCH_OPERATOR,)
            )
            conn.execute("DELETE FROM news WHERE created_by = ?", (BENCH_OPERATOR,))
        conn.close()
    return wall, cpu


def fixture(items: int = ITEMS, layout: str = "chronological", rebuild: bool = False) -> Path:
    """The cached database of `items` news items, built when missing."""
    db = db_path(layout, items)
    if rebuild or count_items(db) < items:
        build(db, layout, items)
    return db


def measure(rounds: int = 15, items: int = ITEMS, with_bulk: bool = True) -> list[Figure]:
    """The figures bench/run.py gathers: add and list against the floor, the import path."""
    db = fixture(items)
    month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    wall, _ = run_rounds(db, month, rounds)
    floor = statistics.median(wall.pop("floor: import typer, sqlmodel"))
    figures = [
        Figure(
            f"{name.split(' (')[0]} ({items:,} news)",
            statistics.median(values),
            "s",
            anchor_name="import floor",
            anchor=floor,
            target=None if "info only" in name else TARGET,
        )
        for name, values in wall.items()
        if "satker list" not in name
    ]
    if with_bulk:
        figures.append(
            Figure(
                f"news import path in-process ({BULK_ROWS:,} rows into {items:,})",
                bulk(db),
                "rows/s",
                higher_is_better=True,
                note="service level, no file",
            )
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--layout", choices=("chronological", "random"), default="chronological")
    parser.add_argument("--bulk", action="store_true", help="Also time the import path.")
    options = parser.parse_args()

    db = fixture(ITEMS, options.layout, options.rebuild)
    month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    cases = cases_for(db, month)
    wall, cpu = run_rounds(db, month, options.rounds)

    if options.bulk:
        bulk(db)

    floor_name = next(iter(cases))
    floor_wall = statistics.median(wall[floor_name])
    floor_cpu = statistics.median(cpu[floor_name])
    print(f"\n{options.rounds} rounds, medians of a fresh process each (stdout piped)")
    print(f"{'command':<36} {'wall':>7} {'ratio':>6} {'min':>7} {'cpu':>7} {'ratio':>6}")
    verdicts = []
    for name in cases:
        median_wall = statistics.median(wall[name])
        median_cpu = statistics.median(cpu[name])
        ratio = median_wall / floor_wall
        print(
            f"{name:<36} {median_wall * 1000:>5.0f}ms {ratio:>5.2f}x"
            f" {min(wall[name]) * 1000:>5.0f}ms"
            f" {median_cpu * 1000:>5.0f}ms {median_cpu / floor_cpu:>5.2f}x"
        )
        if name.startswith("news") and "info only" not in name:
            verdicts.append(ratio <= TARGET)
    print(
        f"\ntarget: median wall time at most {TARGET}x the floor -> "
        f"{'met' if all(verdicts) else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
