"""Helpers shared by the benchmarks: timing commands against the import floor."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
FLOOR = (sys.executable, "-c", "import typer, rich.table, sqlmodel")


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


def compile_package() -> None:
    """Compile the package's bytecode once, as an installed package ships it.

    A checkout run under PYTHONDONTWRITEBYTECODE would otherwise recompile every module in
    every benchmarked process.
    """
    import compileall

    compileall.compile_dir(ROOT / "adurabi_cli", quiet=1)


def compare_to(
    floor: Sequence[str],
    commands: dict[str, Sequence[str]],
    runs: int,
    env: dict[str, str] | None = None,
) -> dict[str, float]:
    """Like compare(), against another floor command."""
    global FLOOR
    saved, FLOOR = FLOOR, tuple(floor)
    try:
        return compare(commands, runs, env)
    finally:
        FLOOR = saved


@dataclass
class Figure:
    """One measured figure beside its anchor, measured in the same run, and its target.

    The target applies to the ratio value/anchor when there is an anchor, else (or when
    `absolute`) to the value itself.
    """

    name: str
    value: float
    unit: str
    anchor_name: str = ""
    anchor: float | None = None
    target: float | None = None
    higher_is_better: bool = False
    note: str = ""
    absolute: bool = False

    @property
    def ratio(self) -> float | None:
        return self.value / self.anchor if self.anchor else None

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        measured = self.value if self.absolute or not self.anchor else self.ratio
        assert measured is not None
        return measured >= self.target if self.higher_is_better else measured <= self.target

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        sign = ">=" if self.higher_is_better else "<="
        if self.anchor and not self.absolute:
            return f"{sign} {self.target:g}x"
        return f"{sign} {_amount(self.target, self.unit)}"

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio, "ok": self.ok}


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s"
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:,.3g} {unit}"


def figure_table(figures: list[Figure]) -> str:
    """The figures as one Markdown table."""
    lines = [
        "| figure | measured | anchor (same run) | anchor | ratio | target | verdict |",
        "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else ""
        verdict = {True: "ok", False: "**MISSED**", None: "(info)"}[f.ok]
        note = f" ({f.note})" if f.note else ""
        lines.append(
            f"| {f.name}{note} | {_amount(f.value, f.unit)} | {f.anchor_name} | "
            f"{_amount(f.anchor, f.unit)} | {ratio} | {f.target_text} | {verdict} |"
        )
    return "\n".join(lines)
