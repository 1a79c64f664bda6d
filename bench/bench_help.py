"""Benchmark: `adurabi --help` against `python -c "import typer"` (target: at most 2x).

    python bench/bench_help.py [--runs N]

A user's first contact with the program, and what every typo costs: the top-level help and
a leaf command's help, each in a fresh process, interleaved with the floor (the import of
Typer alone, which any Typer program pays) so a busy machine slows all alike. Medians.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Figure, compare_to, compile_package, figure_table

TARGET = 2.0
TYPER_FLOOR = (sys.executable, "-c", "import typer")
COMMANDS = {
    "adurabi --help": (sys.executable, "-m", "adurabi_cli", "--help"),
    "adurabi complaint add --help": (
        sys.executable, "-m", "adurabi_cli", "complaint", "add", "--help",
    ),
}  # fmt: skip


def measure(runs: int = 15) -> list[Figure]:
    compile_package()
    medians = compare_to(TYPER_FLOOR, COMMANDS, runs)
    floor = medians.pop("floor")
    return [
        Figure(
            name,
            value,
            "s",
            anchor_name='python -c "import typer"',
            anchor=floor,
            target=TARGET,
            higher_is_better=False,
        )
        for name, value in medians.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(figure_table(measure(args.runs)))


if __name__ == "__main__":
    main()
