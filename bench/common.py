"""Helpers shared by the benchmarks: timing commands against the import floor."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
FLOOR = (sys.executable, "-c", "import typer, sqlmodel")


def adurabi(db: Path, *args: str) -> tuple[str, ...]:
    return (sys.executable, "-m", "adurabi_cli", "--db", str(db), *args)


def run_once(command: Sequence[str], env: dict[str, str]) -> float:
    """Wall seconds of one run, stdout to /dev/null (piped mode); fails loudly on an error."""
    started = time.perf_counter()
    result = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.decode()}")
    return elapsed


def compare(
    commands: dict[str, Sequence[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median seconds per command, the floor included; runs interleave so load hits all alike."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ADURABI_TODAY", None)
    everything = {"floor": FLOOR, **commands}
    for command in everything.values():  # warm the OS file cache and the holiday cache
        run_once(command, full_env)
    samples: dict[str, list[float]] = {name: [] for name in everything}
    for _ in range(runs):
        for name, command in everything.items():
            samples[name].append(run_once(command, full_env))
    return {name: statistics.median(values) for name, values in samples.items()}


def report(medians: dict[str, float], target: float) -> bool:
    """Print median and ratio to the floor per command; True when all are within target."""
    floor = medians["floor"]
    ok = True
    print(f"{'command':<34} {'median s':>9} {'x floor':>8}")
    for name, value in medians.items():
        ratio = value / floor
        verdict = "" if name == "floor" else ("ok" if ratio <= target else f"OVER {target}x")
        ok = ok and (name == "floor" or ratio <= target)
        print(f"{name:<34} {value:>9.3f} {ratio:>8.2f} {verdict}")
    return ok
