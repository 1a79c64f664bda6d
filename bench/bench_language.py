"""Benchmark: what speaking Indonesian costs the start-up.

    python bench/bench_language.py [--runs N]

- `adurabi --help` and `adurabi complaint add --help` in Indonesian (the default) and in
  English (ADURABI_LANG=en: no catalog is read) against `python -c "import typer"`
  (target: `--help` at most 2x);
- the catalog itself: choosing the language and reading the compiled Indonesian catalog
  (`i18n.activate`) and one lookup, in a fresh process (target: a few milliseconds).

Each command runs in a fresh process with stdout piped; the runs interleave so load hits all
alike, and the figures are medians. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, Figure, compare_to, compile_package, figure_table

HELP_TARGET = 2.0
CATALOG_TARGET = 0.005  # seconds
TYPER_FLOOR = (sys.executable, "-c", "import typer")
HELP = {
    "adurabi --help": ("--help",),
    "adurabi complaint add --help": ("complaint", "add", "--help"),
}
# typer imports gettext already, so the time below is the catalog's own.
CATALOG = (
    "import time, typer\n"
    "started = time.perf_counter()\n"
    "from adurabi_cli import i18n\n"
    "i18n.activate('id')\n"
    "i18n._('Options')\n"
    "print(time.perf_counter() - started)\n"
)


def catalog_seconds(runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CATALOG], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout
        times.append(float(out))
    return statistics.median(times)


def measure(runs: int = 15) -> list[Figure]:
    compile_package()
    commands = {}
    # The language from the environment, not --lang: Typer converts any option value given on
    # the command line through pydantic (about 0.1 s to import), which --db or --lang pay alike.
    for name, args in HELP.items():
        for language in ("id", "en"):
            commands[f"{name} ({language})"] = (
                "env", f"ADURABI_LANG={language}", sys.executable, "-m", "adurabi_cli", *args
            )  # fmt: skip
    medians = compare_to(TYPER_FLOOR, commands, runs)
    floor = medians.pop("floor")
    figures = [
        Figure(name, value, "s", anchor_name='python -c "import typer"', anchor=floor,
               target=HELP_TARGET if name.startswith("adurabi --help") else None)
        for name, value in medians.items()
    ]  # fmt: skip
    figures.append(
        Figure("activate + read the Indonesian catalog", catalog_seconds(runs), "s",
               target=CATALOG_TARGET, absolute=True)
    )  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(figure_table(measure(args.runs)))


if __name__ == "__main__":
    main()
