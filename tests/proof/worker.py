"""One operator's terminal (or the cron job's) for the concurrency proof.

    python -m tests.proof.worker ROLE INDEX SYNC_DIR SECONDS [REFS... | OUT_DIR]

Imports the program and warms up, says so with the file SYNC_DIR/ready-ROLE-INDEX, waits
for SYNC_DIR/go (which holds the start time, so every worker's loop overlaps), then runs its
commands through the real entry point (argument parsing, store, error boundary) for SECONDS
and prints one JSON line: every command's exit code, output and timing. Every command opens
and closes its own store, as separate `adurabi` runs do.
"""

from __future__ import annotations

import io
import json
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from adurabi_cli.cli.app import app

SATKER = ["lapas-kerobokan", "rutan-bangli", "kanim-denpasar", "kanwil"]
# A complaint's walk through its follow-up: verified, in progress, then closed and reopened
# forever, each step a legal move (closing and reopening with the note they need).
INTRO = [("diverifikasi", None), ("diproses", None)]
LOOP = [
    ("selesai", "Petugas ditegur"),
    ("diproses", "Pelapor keberatan"),
    ("ditolak", "Bukan kewenangan"),
    ("diproses", "Dibuka lagi"),
]


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            app(args, prog_name="adurabi")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue().strip(), err.getvalue().strip()


def complaint_adder(index: int, step: int) -> tuple[list[str], dict]:
    summary = f"worker {index} complaint {step}: antrean kunjungan"
    args = ["complaint", "add", "-s", SATKER[index % 4], "--summary", summary,
            "--channel", "whatsapp", "--external-ref", f"LAPOR-W{index}-{step}"]  # fmt: skip
    return args, {"summary": summary}


def news_adder(index: int, step: int) -> tuple[list[str], dict]:
    title = f"worker {index} berita {step}"
    url = f"https://www.balipost.example/{index}/{step}?utm_source=wa"
    args = ["news", "add", "-s", SATKER[index % 4], "--media", "online", "-t", title,
            "--url", url, "--likes", str(step)]  # fmt: skip
    return args, {"title": title}


def updater(index: int, step: int, refs: list[str]) -> tuple[list[str], dict]:
    ref = refs[step % len(refs)]
    move = step // len(refs)
    status, note = INTRO[move] if move < len(INTRO) else LOOP[(move - len(INTRO)) % len(LOOP)]
    args = ["complaint", "update", ref, "--status", status]
    if note:
        args += ["--note", note]
    return args, {"ref": ref, "status": status}


def reader(step: int) -> tuple[list[str], dict]:
    if step % 3 == 2:
        return ["monitor", "--once", "--json"], {}
    return ["recap", "--month", "2025-04", "--json"], {}


def main() -> None:
    role, index, sync, seconds = (
        sys.argv[1],
        int(sys.argv[2]),
        Path(sys.argv[3]),
        float(sys.argv[4]),
    )
    extra = sys.argv[5:]
    results = []
    # Warm up before the start: imports, the holiday cache, a first connection.
    run(["complaint", "list", "--limit", "1"])
    run(["holiday", "list", "--year", "2025"])
    (sync / f"ready-{role}-{index}").touch()
    go = sync / "go"
    while not go.exists() or not go.read_text():
        time.sleep(0.01)
    start = float(go.read_text())
    while time.time() < start:
        time.sleep(0.005)
    step = 0
    while time.time() < start + seconds:
        if role == "complaint":
            args, meta = complaint_adder(index, step)
        elif role == "news":
            args, meta = news_adder(index, step)
        elif role == "update":
            args, meta = updater(index, step, extra)
        elif role == "reader":
            args, meta = reader(step)
        elif role == "export":
            args, meta = ["export", "--month", "2025-04", "--out", extra[0]], {}
        else:
            raise SystemExit(f"unknown role {role}")
        began = time.time()
        code, out, err = run(args)
        results.append(
            {"args": args, "code": code, "out": out, "err": err, "at": began - start,
             "seconds": time.time() - began, **meta}
        )  # fmt: skip
        step += 1
    print(json.dumps(results))


if __name__ == "__main__":
    main()
