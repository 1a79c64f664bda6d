"""Benchmark: the monthly recap on a million complaints and a million news, PostgreSQL and SQLite.

    python bench/bench_pg.py [--complaints N] [--news N] [--runs N] [--url URL] [--rebuild]

Builds once (cached under bench/out/) an SQLite database holding N complaints and N news
items spread over the five years up to today, moves it into PostgreSQL with `copy-db`
(timed: rows per second), then times on both engines, interleaved:

- `recap` of the previous month as a whole command (`python -m adurabi_cli ... recap
  --json`, the import floor `python -c "import typer, sqlmodel"` beside it), and
- the recap and the monitor snapshot in-process (the queries, without Python's start),

and checks that both engines give the same recap. Prints a Markdown table (also written to
bench/out/bench_pg.md) for bench/RESULTS.md.

PostgreSQL: --url (a URL whose user may create databases), else ADURABI_BENCH_PG_URL or
ADURABI_TEST_DB_URL, else a throwaway cluster started with .ci/pg-cluster (as CI does) and
stopped at the end. Such a cluster runs with fsync off; that speeds up the load, not the reads
timed here. Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import FLOOR, OUT, ROOT

FIXTURE_VERSION = 1
CHANNELS = ("sp4n-lapor", "whatsapp", "email", "telepon", "website", "media-sosial", "langsung")
CATEGORIES = ("kualitas-layanan", "prosedur", "pungli", "permintaan-informasi", "aspirasi")
MEDIA = ("website", "online", "cetak", "televisi", "radio", "instagram", "facebook", "tiktok")
SENTIMENTS = ("positif", "positif", "positif", "netral", "netral", "negatif")
WORDS = ("pelayanan", "kunjungan", "antrian", "petugas", "layanan", "paspor", "pungutan", "remisi")
BATCH = 50_000


# --- the data -------------------------------------------------------------------------------


def build_fixture(path: Path, complaints: int, news: int) -> None:
    """An initialised SQLite database with the rows a correct program would have stored."""
    from adurabi_cli.domain.calendar import WorkingCalendar
    from adurabi_cli.domain.complaints import format_number
    from adurabi_cli.services.deadlines import deadline_for
    from adurabi_cli.services.setup import init_database

    temporary = path.with_suffix(".building")
    for leftover in OUT.glob(temporary.name + "*"):
        leftover.unlink()
    init_database(str(temporary))
    rng = random.Random(20250324)
    today = date.today()
    first = today - timedelta(days=5 * 365)
    span = (today - first).days
    calendar = WorkingCalendar()
    due_of: dict[tuple[date, bool], str] = {}
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
    connection = sqlite3.connect(temporary)
    satker_ids = [row[0] for row in connection.execute("SELECT id FROM satker")]
    sequences: dict[int, int] = {}
    days = sorted(first + timedelta(days=rng.randrange(span + 1)) for _ in range(complaints))
    rows = []
    with connection:
        for received in days:
            year = received.year
            sequences[year] = sequences.get(year, 0) + 1
            closed = rng.random() < (0.95 if (today - received).days > 60 else 0.3)
            extended = rng.random() < 0.05
            if (received, extended) not in due_of:
                due_of[received, extended] = deadline_for(
                    received, extended, calendar, 14
                ).isoformat()
            status = (
                rng.choice(("selesai",) * 8 + ("ditolak", "dialihkan"))
                if closed
                else rng.choice(("diterima", "diverifikasi", "diproses"))
            )
            resolved = min(received + timedelta(days=rng.randrange(1, 30)), today)
            rows.append(
                (
                    format_number(year, sequences[year]),
                    rng.choice(satker_ids),
                    received.isoformat(),
                    rng.choice(CHANNELS),
                    rng.choice(CATEGORIES),
                    " ".join(rng.choices(WORDS, k=rng.randrange(6, 20))),
                    status,
                    due_of[received, extended],
                    int(extended),
                    resolved.isoformat() if closed else None,
                    "Ditindaklanjuti" if closed else None,
                    int(rng.random() < 0.05),
                    stamp,
                )
            )
            if len(rows) == BATCH:
                _insert_complaints(connection, rows)
        _insert_complaints(connection, rows)
        connection.executemany(
            "INSERT INTO number_sequence (year, last) VALUES (?, ?)", sorted(sequences.items())
        )
        for published in sorted(
            first + timedelta(days=rng.randrange(span + 1)) for _ in range(news)
        ):
            counted = rng.random() < 0.7
            rows.append(
                (
                    rng.choice(satker_ids),
                    published.isoformat(),
                    "Berita " + " ".join(rng.choices(WORDS, k=5)),
                    rng.choice(MEDIA),
                    rng.choice(SENTIMENTS),
                    rng.randrange(5000) if counted else None,
                    rng.randrange(500) if counted else None,
                    rng.randrange(50) if counted else None,
                    stamp,
                )
            )
            if len(rows) == BATCH:
                _insert_news(connection, rows)
        _insert_news(connection, rows)
        connection.execute(
            "INSERT INTO history (entity, entity_id, at, operator, action) "
            "SELECT 'complaint', id, created_at, 'bench', 'create' FROM complaint"
        )
        connection.execute(
            "INSERT INTO history (entity, entity_id, at, operator, action) "
            "SELECT 'news', id, created_at, 'bench', 'create' FROM news"
        )
    connection.execute("ANALYZE")
    connection.close()
    temporary.rename(path)


def _insert_complaints(connection: sqlite3.Connection, rows: list[tuple]) -> None:
    connection.executemany(
        "INSERT INTO complaint (number, satker_id, received_on, channel, category, summary, "
        "anonymous, status, due_on, extended, resolved_on, resolution, confidential, "
        "created_by, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11, ?12, 'bench', ?13, ?13)",
        rows,
    )
    rows.clear()


def _insert_news(connection: sqlite3.Connection, rows: list[tuple]) -> None:
    connection.executemany(
        "INSERT INTO news (satker_id, published_on, title, media, category, sentiment, views, "
        "likes, comments, created_by, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, 'kegiatan', ?5, ?6, ?7, ?8, 'bench', ?9, ?9)",
        rows,
    )
    rows.clear()


# --- the PostgreSQL side ----------------------------------------------------------------------


def server_url(given: str | None) -> tuple[str, str | None]:
    """(URL of a server database whose user may create databases, cluster folder to stop)."""
    for url in (
        given,
        os.environ.get("ADURABI_BENCH_PG_URL"),
        os.environ.get("ADURABI_TEST_DB_URL"),
    ):
        if url:
            return url, None
    started = subprocess.run(
        ["bash", str(ROOT / ".ci" / "pg-cluster"), "start"],
        capture_output=True,
        text=True,
        check=True,
    )
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
    )
    return exports["ADURABI_TEST_DB_URL"].strip("'"), exports["ADURABI_PG_CLUSTER"].strip("'")


def postgres_copy(server: str, source: Path, name: str, rebuild: bool) -> tuple[str, float | None]:
    """The URL of database `name` holding a copy of source (made with copy-db when missing).

    Returns the URL and the rows per second of the copy (None when it was already there).
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from adurabi_cli.db.engine import to_url
    from adurabi_cli.services.copydb import copy_database

    admin = create_engine(to_url(server), isolation_level="AUTOCOMMIT")
    url = make_url(to_url(server)).set(database=name).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            if exists and not rebuild:
                return url, None
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    try:
        result = copy_database(str(source), url, batch_rows=20_000)
    except BaseException:
        drop = create_engine(to_url(server), isolation_level="AUTOCOMMIT")
        with drop.connect() as conn:  # no half-built benchmark database left behind
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        drop.dispose()
        raise
    return url, result.rows / result.seconds


# --- timing -----------------------------------------------------------------------------------


def time_in_process(targets: dict[str, str], month: str, runs: int) -> dict[str, dict[str, float]]:
    """Median seconds of the recap and of a monitor snapshot per engine, stores kept open."""
    from adurabi_cli.db.store import open_store
    from adurabi_cli.services.monitor import take_snapshot
    from adurabi_cli.services.recap import recap

    stores = {engine: open_store(target) for engine, target in targets.items()}
    samples: dict[tuple[str, str], list[float]] = {}
    answers = {}
    try:
        for engine, store in stores.items():  # warm caches and connections
            answers[engine] = recap(store, month)[0]
            take_snapshot(store)
        for _ in range(runs):
            for engine, store in stores.items():
                for what, call in (
                    ("recap", lambda s=store: recap(s, month)),
                    ("monitor", lambda s=store: take_snapshot(s)),
                ):
                    started = time.perf_counter()
                    call()
                    samples.setdefault((engine, what), []).append(time.perf_counter() - started)
    finally:
        for store in stores.values():
            store.close()
    first, second = answers.values()
    if json.dumps(first, default=str, sort_keys=True) != json.dumps(
        second, default=str, sort_keys=True
    ):
        raise SystemExit("the recaps differ between the engines")
    result: dict[str, dict[str, float]] = {}
    for (engine, what), values in samples.items():
        result.setdefault(engine, {})[what] = statistics.median(values)
    return result


def time_commands(targets: dict[str, str], month: str, runs: int) -> dict[str, float]:
    """Median wall seconds of the whole `recap --json` command per engine, and of the floor."""
    env = {**os.environ}
    env.pop("ADURABI_TODAY", None)
    commands = {"floor": FLOOR}
    for engine, target in targets.items():
        commands[engine] = (
            sys.executable, "-m", "adurabi_cli", "--db", target, "recap", "--month", month, "--json"
        )  # fmt: skip
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, env=env, cwd=ROOT)
            samples[name].append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"{name}: {done.stderr.decode()}")
    return {name: statistics.median(values[1:]) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--news", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--url", help="PostgreSQL URL whose user may create databases")
    parser.add_argument("--rebuild", action="store_true", help="rebuild both databases")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    tag = f"{args.complaints}c-{args.news}n-v{FIXTURE_VERSION}"
    fixture = OUT / f"pg-bench-{tag}.db"
    if args.rebuild or not fixture.exists():
        started = time.perf_counter()
        build_fixture(fixture, args.complaints, args.news)
        print(f"built {fixture.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    server, cluster = server_url(args.url)
    try:
        name = f"adurabi_bench_{tag.replace('-', '_')}"
        pg_url, copy_rate = postgres_copy(server, fixture, name, args.rebuild)
        targets = {"sqlite": str(fixture), "postgresql": pg_url}
        month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        inner = time_in_process(targets, month, args.runs)
        outer = time_commands(targets, month, args.runs)
        version = _server_version(pg_url)
    finally:
        if cluster:
            subprocess.run(["bash", str(ROOT / ".ci" / "pg-cluster"), "stop", cluster], check=False)
    floor = outer["floor"]
    lines = [
        f"Recap of {month} on {args.complaints:,} complaints and {args.news:,} news "
        f"(medians of {args.runs} runs; PostgreSQL {version}, SQLite {sqlite3.sqlite_version}):",
        "",
        "| engine | `recap --json` command | x floor | recap queries | monitor snapshot |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for engine in targets:
        lines.append(
            f"| {engine} | {outer[engine]:.3f} s | {outer[engine] / floor:.2f} "
            f"| {inner[engine]['recap'] * 1000:.0f} ms | {inner[engine]['monitor'] * 1000:.0f} ms |"
        )
    lines.append(f"| floor (`import typer, sqlmodel`) | {floor:.3f} s | 1.00 | | |")
    if copy_rate is not None:
        lines += ["", f"`copy-db` SQLite -> PostgreSQL: {copy_rate:,.0f} rows/s."]
    lines += ["", "Both engines gave the same recap."]
    text = "\n".join(lines)
    print(text)
    (OUT / "bench_pg.md").write_text(text + "\n", encoding="utf-8")


def _server_version(url: str) -> str:
    from adurabi_cli.db.store import open_store

    store = open_store(url)
    try:
        with store.read() as conn:
            return str(conn.exec_driver_sql("SHOW server_version").scalar()).split()[0]
    finally:
        store.close()


if __name__ == "__main__":
    main()
