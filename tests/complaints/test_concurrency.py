"""Several operators adding at once from different processes get distinct, gap-free numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.dbtarget import rows, scalar

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 8
ADDS = 50

# One operator's terminal: runs `adurabi complaint add` ADDS times through the real entry
# point (argument parsing, store, error boundary) and reports each exit code and number.
WORKER = """
import io, json, sys
from contextlib import redirect_stdout
from adurabi_cli.cli.app import app

worker, adds = sys.argv[1], int(sys.argv[2])
results = []
for index in range(adds):
    out = io.StringIO()
    with redirect_stdout(out):
        try:
            app(["complaint", "add", "--satker", "lapas-kerobokan", "--channel", "whatsapp",
                 "--summary", f"operator {worker} complaint {index}"], prog_name="adurabi")
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
    results.append([code, out.getvalue().strip()])
print(json.dumps(results))
"""


def _env(db_path: Path) -> dict[str, str]:
    return {**os.environ, "ADURABI_DB": str(db_path), "ADURABI_LOCK_TIMEOUT": "60"}


def test_eight_processes_adding_at_once_get_distinct_gap_free_numbers(initialized, db_path):
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(worker), str(ADDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(db_path),
            cwd=ROOT,
        )
        for worker in range(WORKERS)
    ]
    results = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=180)
            assert process.returncode == 0, err
            results += json.loads(out.strip().splitlines()[-1])
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    assert len(results) == WORKERS * ADDS
    assert [code for code, _ in results] == [0] * (WORKERS * ADDS)
    numbers = [number for _, number in results]
    expected = {f"PGD-2025-{n:05d}" for n in range(1, WORKERS * ADDS + 1)}
    assert set(numbers) == expected and len(numbers) == len(expected)
    stored = [row["number"] for row in rows(db_path, "SELECT number FROM complaint")]
    assert sorted(stored) == sorted(expected)
    assert scalar(db_path, "SELECT last FROM number_sequence WHERE year = 2025") == WORKERS * ADDS
    creates = scalar(db_path, "SELECT count(*) FROM history WHERE action = 'create'")
    assert creates == WORKERS * ADDS


@pytest.mark.skipif(
    os.environ.get("ADURABI_SLOW_TESTS") != "1",
    reason="400 process launches take minutes on a shared machine; set ADURABI_SLOW_TESTS=1",
)
def test_eight_streams_of_separate_adurabi_processes(initialized, db_path):
    """The same with one `python -m adurabi_cli complaint add` process per complaint."""

    def stream(worker: int) -> list[tuple[int, str]]:
        outcomes = []
        for index in range(ADDS):
            result = subprocess.run(
                [sys.executable, "-m", "adurabi_cli", "complaint", "add", "--satker", "kanwil",
                 "--summary", f"operator {worker} complaint {index}"],
                capture_output=True, text=True, env=_env(db_path), cwd=ROOT, timeout=120,
            )  # fmt: skip
            outcomes.append((result.returncode, result.stdout.strip() or result.stderr.strip()))
        return outcomes

    with ThreadPoolExecutor(WORKERS) as pool:
        results = [outcome for chunk in pool.map(stream, range(WORKERS)) for outcome in chunk]
    assert [outcome for outcome in results if outcome[0] != 0] == []
    assert sorted(number for _, number in results) == [
        f"PGD-2025-{n:05d}" for n in range(1, WORKERS * ADDS + 1)
    ]
