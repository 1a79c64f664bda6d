"""Benchmark: `adurabi recap --month M --json` on a million complaints and a million news items,
and `adurabi demo` building that database.

    python bench/bench_recap.py [--runs N] [--complaints N] [--news N] [--rebuild]

Builds once (cached under bench/out/) a database with `adurabi demo --complaints 1000000
--news 1000000` and reports that run's wall and CPU time and peak memory (the child's
maximum RSS); a cached build reports the figures measured when it was made. Then times,
interleaved, the median of --runs runs of

- `python -m adurabi_cli recap --month M --json`, M the last full month of the demo data;
- the floor: `python -c "import typer, rich.table, sqlmodel"`, plus a stdlib `sqlite3` script
  running the same statements as the recap (the reference data and the GROUP BY queries of
  db/recap.py, once each, in one transaction) and printing the grouped rows as JSON.

Target: the recap in at most 1.5x floor + raw SQL. The raw script's numbers are checked
against the recap's before timing, so both compute the same thing. Not a test: timings
depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import FLOOR, OUT, ROOT, Figure, adurabi, compare

FIXTURE_VERSION = 2
TARGET = 1.5
# The statements the recap runs (see db/recap.py and services/refdata.py), with its bound
# values inlined as parameters. Open statuses: diterima, diverifikasi, diproses.
RAW_SQL = r"""
import json, sqlite3, sys
db, first, last, as_of, cutoff, month = sys.argv[1:]
OPEN = ("diterima", "diverifikasi", "diproses")
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("BEGIN")
out = {}
out["satker"] = conn.execute(
    "SELECT id, code, name, kind, active FROM satker ORDER BY id").fetchall()
out["vocab"] = conn.execute(
    'SELECT kind, slug, label, "group", builtin FROM vocab ORDER BY kind, id').fetchall()
out["sla"] = conn.execute("SELECT value FROM setting WHERE key = ?", ("sla_days",)).fetchall()
out["holidays"] = conn.execute("SELECT day, name FROM holiday").fetchall()
out["received"] = conn.execute(
    "SELECT satker_id, status, channel, category, count(*) FROM complaint "
    "WHERE received_on BETWEEN ? AND ? AND deleted_at IS NULL "
    "GROUP BY satker_id, status, channel, category", (first, last)).fetchall()
out["closed"] = conn.execute(
    "SELECT satker_id, count(*), coalesce(sum(CASE WHEN status = 'selesai' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN resolved_on <= due_on THEN 1 ELSE 0 END), 0) FROM complaint "
    "WHERE resolved_on BETWEEN ? AND ? AND status NOT IN (?, ?, ?) AND deleted_at IS NULL "
    "GROUP BY satker_id", (first, last, *OPEN)).fetchall()
out["open"] = conn.execute(
    "SELECT satker_id, coalesce(sum(CASE WHEN received_on <= ? THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN received_on <= ? AND due_on < ? THEN 1 ELSE 0 END), 0) FROM ("
    "SELECT satker_id, received_on, due_on FROM complaint "
    "WHERE status IN (?, ?, ?) AND deleted_at IS NULL UNION ALL "
    "SELECT satker_id, received_on, due_on FROM complaint "
    "WHERE resolved_on > ? AND status NOT IN (?, ?, ?) AND deleted_at IS NULL) "
    "GROUP BY satker_id", (as_of, as_of, as_of, *OPEN, as_of, *OPEN)).fetchall()
out["news"] = conn.execute(
    "SELECT satker_id, media, sentiment, count(*), coalesce(sum(views), 0), "
    "coalesce(sum(likes), 0), coalesce(sum(comments), 0), coalesce(sum(shares), 0) FROM news "
    "WHERE published_on BETWEEN ? AND ? AND deleted_at IS NULL "
    "GROUP BY satker_id, media, sentiment", (first, last)).fetchall()
out["nil"] = conn.execute(
    "SELECT satker_id FROM nil_report WHERE month = ? AND withdrawn_at IS NULL",
    (month,)).fetchall()
ids = [row[0] for row in out["satker"] if row[4]]
newest = ("(SELECT created_at FROM {t} WHERE satker_id = satker.id AND deleted_at IS NULL "
          "AND created_at < ? ORDER BY created_at DESC LIMIT 1)")
out["last_entry"] = conn.execute(
    f"SELECT id, {newest.format(t='complaint')}, {newest.format(t='news')} FROM satker "
    f"WHERE id IN ({', '.join('?' * len(ids))})", (cutoff, cutoff, *ids)).fetchall()
conn.execute("COMMIT")
print(json.dumps(out, ensure_ascii=False, indent=2))
"""


def build(path: Path, complaints: int, news: int) -> dict[str, float]:
    """Run the demo into path; its wall seconds and the child's peak RSS in MiB."""
    temporary = path.with_name(path.name + ".building")
    for leftover in OUT.glob(temporary.name + "*"):
        leftover.unlink()
    env = {**os.environ, "ADURABI_OPERATOR": "bench"}
    env.pop("ADURABI_TODAY", None)
    command = adurabi(
        temporary, "demo", "--complaints", str(complaints), "--news", str(news),
        "--out", str(OUT / "demo-out"),
    )  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"demo failed: {result.stderr.decode()}")
    # The demo is this process's first child, so the children's figures are its own.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    temporary.rename(path)
    figures = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # KiB on Linux
        "load_average": os.getloadavg()[0],
        "built_on": date.today().isoformat(),
        "summary": result.stderr.decode().strip(),
    }
    path.with_suffix(".json").write_text(json.dumps(figures, indent=2))
    return figures


def recap_month(path: Path) -> tuple[str, date, date]:
    """The last full month before the day the demo data runs to: (YYYY-MM, first, last)."""
    with sqlite3.connect(path) as conn:
        marker = json.loads(
            conn.execute("SELECT value FROM setting WHERE key = 'demo'").fetchone()[0]
        )
    last = date.fromisoformat(marker["today"]).replace(day=1) - timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}", last.replace(day=1), last


def raw_command(path: Path, month: str, first: date, last: date) -> tuple[str, ...]:
    cutoff = f"{last + timedelta(days=1)} 00:00:00.000000"
    return (
        sys.executable, "-c", RAW_SQL, str(path), first.isoformat(), last.isoformat(),
        last.isoformat(), cutoff, month,
    )  # fmt: skip


def check_same_numbers(recap_cmd: tuple[str, ...], raw_cmd: tuple[str, ...]) -> None:
    """The raw script computes what the recap reports, satker by satker."""
    recap = json.loads(subprocess.run(recap_cmd, capture_output=True, check=True, cwd=ROOT).stdout)
    raw = json.loads(subprocess.run(raw_cmd, capture_output=True, check=True, cwd=ROOT).stdout)
    codes = {row[0]: row[1] for row in raw["satker"]}
    expected: dict[str, dict[str, int]] = {}
    for sid, *_, n in raw["received"]:
        expected.setdefault(codes[sid], {}).setdefault("received", 0)
        expected[codes[sid]]["received"] += n
    for sid, _closed, resolved, _on_time in raw["closed"]:
        expected.setdefault(codes[sid], {})["resolved"] = resolved
    for sid, open_, overdue in raw["open"]:
        expected.setdefault(codes[sid], {}).update(open=open_, overdue=overdue)
    for sid, _media, _sentiment, n, *_ in raw["news"]:
        expected.setdefault(codes[sid], {}).setdefault("news", 0)
        expected[codes[sid]]["news"] += n
    for entry in recap["satker"]:
        got = {
            **{k: entry["complaints"][k] for k in ("received", "resolved", "open", "overdue")},
            "news": entry["news"]["total"],
        }
        want = {k: expected.get(entry["code"], {}).get(k, 0) for k in got}
        if got != want:
            raise SystemExit(f"raw SQL and recap disagree for {entry['code']}: {want} != {got}")


def fixture(complaints: int, news: int, rebuild: bool = False) -> tuple[Path, dict, str]:
    """The cached demo database, its build figures, and when they were measured."""
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"recap-{complaints}-{news}-v{FIXTURE_VERSION}.db"
    if rebuild or not db.exists():
        print(f"building {db.name} with adurabi demo...", flush=True)
        return db, build(db, complaints, news), "now"
    figures = json.loads(db.with_suffix(".json").read_text())
    return db, figures, f"when built on {figures['built_on']}"


def measure(complaints: int = 1_000_000, news: int = 1_000_000, runs: int = 5) -> list[Figure]:
    """The figures bench/run.py gathers.

    The raw script is a fresh interpreter too; the anchor counts its work without that
    start-up (the median of `python -c "import json, sqlite3, sys"` taken off), which the
    floor already holds once.
    """
    db, built, when = fixture(complaints, news)
    month, first, last = recap_month(db)
    recap_cmd = adurabi(db, "recap", "--month", month, "--json")
    raw_cmd = raw_command(db, month, first, last)
    bare_cmd = (sys.executable, "-c", "import json, sqlite3, sys")
    compileall.compile_dir(ROOT / "adurabi_cli", quiet=1)
    check_same_numbers(recap_cmd, raw_cmd)
    medians = compare({"raw": raw_cmd, "bare": bare_cmd, "recap": recap_cmd}, runs)
    raw = max(medians["raw"] - medians["bare"], 0.0)
    size = f"{complaints:,} complaints + {news:,} news"
    return [
        Figure(
            f"recap --month {month} --json ({size})",
            medians["recap"],
            "s",
            anchor_name="import floor + raw sqlite3, same statements",
            anchor=medians["floor"] + raw,
            target=TARGET,
        ),
        Figure("raw sqlite3 alone: the recap's statements", raw, "s"),
        Figure(
            f"demo filling {size}",
            built["seconds"],
            "s",
            note=f"{built['cpu_seconds']:.0f} s CPU, peak RSS {built['peak_rss_mib']:.0f} MiB, "
            f"measured {when}",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--news", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    db, figures, when = fixture(args.complaints, args.news, args.rebuild)
    print(
        f"adurabi demo --complaints {args.complaints:,} --news {args.news:,}: "
        f"{figures['seconds']:.1f} s wall, {figures['cpu_seconds']:.1f} s CPU, peak RSS "
        f"{figures['peak_rss_mib']:.0f} MiB, load average {figures['load_average']:.1f} ({when})"
    )
    month, first, last = recap_month(db)
    recap_cmd = adurabi(db, "recap", "--month", month, "--json")
    raw_cmd = raw_command(db, month, first, last)
    # An installed package ships compiled bytecode (pip compiles it); this checkout may not.
    compileall.compile_dir(ROOT / "adurabi_cli", quiet=1)
    check_same_numbers(recap_cmd, raw_cmd)
    medians = compare({"raw sqlite3": raw_cmd, "recap": recap_cmd}, args.runs)
    floor = medians["floor"] + medians["raw sqlite3"]
    ratio = medians["recap"] / floor
    print(f"\n{args.runs} runs each, median wall seconds, recap --month {month} on {db.name}")
    print(f"{'floor: ' + ' '.join(FLOOR[1:]):<44} {medians['floor']:>8.3f}")
    print(f"{'raw sqlite3 (same statements)':<44} {medians['raw sqlite3']:>8.3f}")
    print(f"{'floor + raw sqlite3':<44} {floor:>8.3f}")
    verdict = "ok" if ratio <= TARGET else f"OVER the {TARGET}x target"
    print(f"{'adurabi recap --month ' + month + ' --json':<44} {medians['recap']:>8.3f}  "
          f"{ratio:.2f}x  {verdict}")  # fmt: skip
    if ratio > TARGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
