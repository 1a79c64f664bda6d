"""Benchmark: the recap on a million complaints and a million news, PostgreSQL beside SQLite.

    python bench/bench_pg.py [--runs N] [--complaints N] [--news N] [--url URL]

Takes the database bench_recap.py builds with `adurabi demo` (cached under bench/out/),
moves it into PostgreSQL with `copy-db` (timed, once per fixture: rows per second), then
times on both engines, interleaved:

- `python -m adurabi_cli --db ... recap --month M --json` as a whole command, M the last full
  month of the data, the SQLite run being the anchor of the PostgreSQL one;
- in-process, stores kept open: the recap (reference data and its GROUP BY queries) and a
  monitor snapshot, without Python's start-up;

after checking that both engines give the same recap. `measure()` returns the figures for
bench/run.py; run alone, the script prints them as a table.

PostgreSQL: --url (a URL whose user may create databases), else ADURABI_BENCH_PG_URL or
ADURABI_TEST_DB_URL, else a throwaway cluster started with .ci/pg-cluster (as CI does;
installs the server first when run as root on a machine without one) and stopped at the end.
Such a cluster runs with fsync off and the default shared_buffers (128 MB): that speeds up
the load, not the reads timed here, which come from the OS cache on both engines. Not a
test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_recap import fixture, recap_month
from bench.common import ROOT, Figure, adurabi, compare, figure_table

# The whole command on PostgreSQL (connection, authentication, its dialect) against SQLite.
TARGET = 1.5


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
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    exports = dict(
        line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
    )
    return exports["ADURABI_TEST_DB_URL"].strip("'"), exports["ADURABI_PG_CLUSTER"].strip("'")


def postgres_copy(server: str, source: Path) -> tuple[str, float | None]:
    """A server database holding a copy of source, made with copy-db when missing.

    Returns its URL and the copy's rows per second (None when an earlier run made it). The
    name carries the fixture's build time, so a rebuilt fixture gets a fresh copy.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from adurabi_cli.db.engine import to_url
    from adurabi_cli.services.copydb import copy_database

    name = f"adurabi_bench_{source.stem.replace('-', '_')}_{int(source.stat().st_mtime)}"
    url = make_url(to_url(server)).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(to_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            if found:
                return url, None
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            print(f"copying {source.name} into PostgreSQL with copy-db...", flush=True)
            result = copy_database(str(source), url, batch_rows=20_000)
        except BaseException:
            with admin.connect() as conn:  # no half-made copy is ever taken for a whole one
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            raise
    finally:
        admin.dispose()
    return url, result.rows / result.seconds


def in_process(targets: dict[str, str], month: str, runs: int) -> dict[str, dict[str, float]]:
    """Median seconds of the recap and of a monitor snapshot per engine, stores kept open;
    refuses to time engines that disagree."""
    from adurabi_cli.db.store import open_store
    from adurabi_cli.domain.periods import PeriodChoice
    from adurabi_cli.services.monitor import take_snapshot
    from adurabi_cli.services.period_close import recap_for_cli

    def recap(store, month):
        return recap_for_cli(store, PeriodChoice(month=month))[0].data, None

    stores = {engine: open_store(target) for engine, target in targets.items()}
    samples: dict[str, dict[str, list[float]]] = {engine: {} for engine in stores}
    try:
        answers = [json.dumps(recap(store, month)[0], default=str) for store in stores.values()]
        if len(set(answers)) != 1:
            raise SystemExit(f"the recaps of {month} differ between the engines")
        for store in stores.values():
            take_snapshot(store)  # warm: connections, caches
        for _ in range(runs):
            for engine, store in stores.items():
                for what, call in (("recap", recap), ("monitor", None)):
                    started = time.perf_counter()
                    if call is None:
                        take_snapshot(store)
                    else:
                        call(store, month)
                    samples[engine].setdefault(what, []).append(time.perf_counter() - started)
    finally:
        for store in stores.values():
            store.close()
    return {
        engine: {what: statistics.median(values) for what, values in found.items()}
        for engine, found in samples.items()
    }


def measure(complaints: int = 1_000_000, news: int = 1_000_000, runs: int = 5) -> list[Figure]:
    """The figures bench/run.py gathers."""
    db, _built, _when = fixture(complaints, news)
    month, _first, _last = recap_month(db)
    server, cluster = server_url(None)
    try:
        url, copy_rate = postgres_copy(server, db)
        targets = {"sqlite": str(db), "postgresql": url}
        saved = os.environ.get("ADURABI_TODAY")
        os.environ["ADURABI_TODAY"] = _demo_today(db)  # the monitor's today: the data's
        try:
            inner = in_process(targets, month, runs)
        finally:
            if saved is None:
                os.environ.pop("ADURABI_TODAY")
            else:
                os.environ["ADURABI_TODAY"] = saved
        commands = {
            engine: adurabi(target, "recap", "--month", month, "--json")  # type: ignore[arg-type]
            for engine, target in targets.items()
        }
        medians = compare(commands, runs)
        version = _server_version(url)
    finally:
        if cluster:
            subprocess.run(["bash", str(ROOT / ".ci" / "pg-cluster"), "stop", cluster], check=False)
    size = f"{complaints:,} complaints + {news:,} news"
    figures = [
        Figure(
            f"recap --month {month} --json on PostgreSQL {version} ({size})",
            medians["postgresql"],
            "s",
            anchor_name="the same command on SQLite",
            anchor=medians["sqlite"],
            target=TARGET,
        ),
        Figure(
            "recap in-process on PostgreSQL (queries and reference data)",
            inner["postgresql"]["recap"],
            "s",
            anchor_name="the same on SQLite",
            anchor=inner["sqlite"]["recap"],
        ),
        Figure(
            "monitor snapshot in-process on PostgreSQL",
            inner["postgresql"]["monitor"],
            "s",
            anchor_name="the same on SQLite",
            anchor=inner["sqlite"]["monitor"],
        ),
    ]
    if copy_rate is not None:
        figures.append(
            Figure("copy-db SQLite -> PostgreSQL", copy_rate, "rows/s", higher_is_better=True)
        )
    return figures


def _demo_today(db: Path) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        value = conn.execute("SELECT value FROM setting WHERE key = 'demo'").fetchone()[0]
    return json.loads(value)["today"]


def _server_version(url: str) -> str:
    from adurabi_cli.db.store import open_store

    store = open_store(url)
    try:
        return store.server_version or "?"
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--news", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--url", help="PostgreSQL URL whose user may create databases")
    args = parser.parse_args()
    if args.url:
        os.environ["ADURABI_BENCH_PG_URL"] = args.url
    print(figure_table(measure(args.complaints, args.news, args.runs)))


if __name__ == "__main__":
    main()
