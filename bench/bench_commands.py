"""Benchmark: the daily commands and the help, each against its floor.

    python bench/bench_commands.py [--runs N] [--complaints N] [--news N]

- `adurabi --help` and `adurabi complaint add --help` against `python -c "import typer"`
  (target: `--help` at most 2x);
- `complaint add`, `complaint list --month M`, `complaint list --search WORDS`, `news add`,
  `news list --month M` against the import floor
  `python -c "import typer, rich.table, sqlmodel"` (target: at most 1.3x),
  on the demo database of bench_recap (a million complaints and a million news items,
  built once with `adurabi demo` and cached under bench/out/). The rows the add commands
  record are deleted afterwards, leaving the cached database as built.

Each command runs in a fresh process with stdout piped; the runs interleave so load hits
all alike, and the figures are medians. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_recap import fixture, recap_month
from bench.common import Figure, adurabi, compare, compare_to, compile_package, figure_table

HELP_TARGET, COMMAND_TARGET = 2.0, 1.3
TYPER_FLOOR = (sys.executable, "-c", "import typer")
OPERATOR = "bench-commands"
SEARCH = "layanan fidusia"  # in about 1 in 100 of the demo's summaries
HELP = {
    "adurabi --help": (sys.executable, "-m", "adurabi_cli", "--help"),
    "adurabi complaint add --help": (
        sys.executable, "-m", "adurabi_cli", "complaint", "add", "--help",
    ),
}  # fmt: skip


def commands(db: Path, month: str) -> dict[str, tuple[str, ...]]:
    # `news add` goes without a URL: every run repeats the same command line, and a URL
    # would be refused as a duplicate from the second run on.
    return {
        "complaint add": adurabi(
            db, "complaint", "add", "--satker", "lapas-kerobokan", "--channel", "whatsapp",
            "--category", "pungli", "--summary", "Dimintai uang saat kunjungan",
        ),
        f"complaint list --month {month}": adurabi(db, "complaint", "list", "--month", month),
        f"complaint list --search '{SEARCH}'": adurabi(db, "complaint", "list", "--search", SEARCH),
        "news add": adurabi(
            db, "news", "add", "--satker", "lapas-kerobokan", "--title", "Bakti sosial",
            "--media", "online", "--outlet", "Bali Post", "--likes", "120",
        ),
        f"news list --month {month}": adurabi(db, "news", "list", "--month", month),
    }  # fmt: skip


def forget_added(db: Path) -> None:
    """Delete what the add commands recorded, so the cached database stays as built."""
    with sqlite3.connect(db) as conn:
        for table, entity in (("complaint", "complaint"), ("news", "news")):
            conn.execute(
                f"DELETE FROM history WHERE entity = ? AND entity_id IN "
                f"(SELECT id FROM {table} WHERE created_by = ?)",
                (entity, OPERATOR),
            )
            conn.execute(f"DELETE FROM {table} WHERE created_by = ?", (OPERATOR,))
    conn.close()


def measure(
    complaints: int = 1_000_000, news: int = 1_000_000, runs: int = 9, help_runs: int = 15
) -> list[Figure]:
    compile_package()
    help_medians = compare_to(TYPER_FLOOR, HELP, help_runs)
    typer_floor = help_medians.pop("floor")
    figures = [
        Figure(name, value, "s", anchor_name='python -c "import typer"', anchor=typer_floor,
               target=HELP_TARGET if name == "adurabi --help" else None)
        for name, value in help_medians.items()
    ]  # fmt: skip
    db, _, _ = fixture(complaints, news)
    month, _, _ = recap_month(db)
    try:
        medians = compare(commands(db, month), runs, {"ADURABI_OPERATOR": OPERATOR})
    finally:
        forget_added(db)
    floor = medians.pop("floor")
    size = f"{complaints:,} complaints + {news:,} news"
    figures += [
        Figure(f"{name} ({size})", value, "s", anchor_name="import floor", anchor=floor,
               target=COMMAND_TARGET)
        for name, value in medians.items()
    ]  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--news", type=int, default=1_000_000)
    args = parser.parse_args()
    print(figure_table(measure(args.complaints, args.news, args.runs, max(args.runs, 9))))


if __name__ == "__main__":
    main()
