"""Benchmark: evidence files and the receipt, each command against the import floor.

    python bench/bench_files.py [--runs N] [--mb N]

On a fresh SQLite database with one complaint: `complaint attach` of an N MB file of random
bytes (a new file each run: the same content twice is refused), `complaint file-get` of it,
`complaint files`, and `complaint receipt`, each in a fresh process, interleaved with the
floor `python -c "import typer, rich.table, sqlmodel"`; medians. Also how much the database
file grows per byte stored (after a checkpoint) and the receipt's size. Not a test: timings
depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import FLOOR, adurabi, compile_package, run_once


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=int, default=10)
    args = parser.parse_args()
    compile_package()
    env = {k: v for k, v in os.environ.items() if k != "ADURABI_TODAY"}
    size = args.mb * 1024 * 1024
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = work / "bench.db"
        run_once(adurabi(db, "init"), env)
        added = subprocess.run(
            adurabi(db, "complaint", "add", "-s", "kanwil", "--summary", "Bench"),
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        number = added.stdout.strip()
        files = []
        for n in range(args.runs + 1):
            path = work / f"bukti-{n}.bin"
            path.write_bytes(os.urandom(size))
            files.append(path)
        before = db.stat().st_size
        samples: dict[str, list[float]] = {
            "floor": [],
            "attach": [],
            "file-get": [],
            "files": [],
            "receipt": [],
        }
        out = work / "keluar.bin"
        receipt = work / "tanda-terima.pdf"
        run_once(adurabi(db, "complaint", "attach", number, str(files[0])), env)  # warm up
        for n in range(1, args.runs + 1):
            samples["floor"].append(run_once(FLOOR, env))
            attach = adurabi(db, "complaint", "attach", number, str(files[n]))
            samples["attach"].append(run_once(attach, env))
            get = adurabi(db, "complaint", "file-get", number, files[n].name, "--out", str(out))
            samples["file-get"].append(run_once((*get, "--force"), env))
            samples["files"].append(run_once(adurabi(db, "complaint", "files", number), env))
            write = adurabi(db, "complaint", "receipt", number, "--out", str(receipt))
            samples["receipt"].append(run_once((*write, "--force"), env))
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        stored = size * (args.runs + 1)
        grown = db.stat().st_size - before
        floor = statistics.median(samples["floor"])
        print(f"{args.runs} runs, {args.mb} MB files ({size:,} bytes)")
        print(f"{'command':<12} {'median s':>9} {'x floor':>8}")
        for name, values in samples.items():
            value = statistics.median(values)
            print(f"{name:<12} {value:>9.3f} {value / floor:>8.2f}")
        print(f"database grew {grown:,} bytes for {stored:,} stored ({grown / stored:.4f}x)")
        print(f"receipt: {receipt.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
