"""Benchmark: `complaint add` and `complaint list --month M` on a million complaints.

    python bench/bench_complaints.py [--runs N] [--rows N] [--rebuild]

Builds once (cached under bench/out/) a database holding a million complaints spread over
the last five years, then times several interleaved runs of each command against the floor
`python -c "import typer, sqlmodel"` and prints the medians and their ratio to the floor
(target: at most 1.3x). Also times the bulk path the spreadsheet import uses
(prepare_complaint + insert_complaints) on 40,000 rows (target: 40,000 rows/s).
Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import compileall
import random
import sqlite3
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, ROOT, Figure, adurabi, compare, report

FIXTURE_VERSION = 1
TARGET = 1.3
IMPORT_ROWS = 40_000
CHANNELS = ("sp4n-lapor", "whatsapp", "email", "telepon", "website", "media-sosial", "langsung")
CATEGORIES = ("kualitas-layanan", "prosedur", "pungli", "permintaan-informasi", "aspirasi")
WORDS = [
    "pelayanan",
    "kunjungan",
    "antrian",
    "petugas",
    "layanan",
    "paspor",
    "pungutan",
    "informasi",
    "remisi",
    "pembebasan",
    "bersyarat",
    "berkas",
    "lambat",
    "ramah",
    "biaya",
    "jadwal",
    "keluarga",
    "warga",
    "binaan",
]


def build_fixture(path: Path, rows: int) -> None:
    """An initialised database with `rows` complaints over the five years up to today."""
    from adurabi_cli.domain.calendar import WorkingCalendar
    from adurabi_cli.domain.complaints import format_number
    from adurabi_cli.services.deadlines import deadline_for
    from adurabi_cli.services.setup import init_database

    path.unlink(missing_ok=True)
    temporary = path.with_suffix(".building")
    for leftover in OUT.glob(temporary.name + "*"):
        leftover.unlink()
    init_database(str(temporary))
    rng = random.Random(20250324)
    today = date.today()
    first = today - timedelta(days=5 * 365)
    span = (today - first).days
    calendar = WorkingCalendar()
    due_of: dict[tuple[date, bool], str] = {}
    days = sorted(first + timedelta(days=rng.randrange(span + 1)) for _ in range(rows))
    connection = sqlite3.connect(temporary)
    satker_ids = [row[0] for row in connection.execute("SELECT id FROM satker")]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.000000")
    sequences: dict[int, int] = {}
    complaints = []
    for received in days:
        year = received.year
        sequences[year] = sequences.get(year, 0) + 1
        age = (today - received).days
        closed = rng.random() < (0.95 if age > 60 else 0.3)
        extended = rng.random() < 0.05
        key = (received, extended)
        if key not in due_of:
            due_of[key] = deadline_for(received, extended, calendar, 14).isoformat()
        status = (
            rng.choice(("selesai",) * 8 + ("ditolak", "dialihkan"))
            if closed
            else (rng.choice(("diterima", "diverifikasi", "diproses")))
        )
        resolved = min(received + timedelta(days=rng.randrange(1, 30)), today) if closed else None
        complaints.append(
            (
                format_number(year, sequences[year]),
                rng.choice(satker_ids),
                received.isoformat(),
                rng.choice(CHANNELS),
                rng.choice(CATEGORIES),
                " ".join(rng.choices(WORDS, k=rng.randrange(6, 30))),
                None,
                None,
                0,
                int(rng.random() < 0.05),
                None,
                status,
                due_of[key],
                int(extended),
                resolved.isoformat() if resolved else None,
                "Ditindaklanjuti" if closed else None,
                "bench",
                stamp,
                stamp,
            )
        )
    with connection:
        connection.executemany(
            "INSERT INTO complaint (number, satker_id, received_on, channel, category, summary, "
            "complainant_name, complainant_contact, anonymous, confidential, external_ref, "
            "status, due_on, extended, resolved_on, resolution, created_by, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            complaints,
        )
        connection.execute(
            "INSERT INTO history (entity, entity_id, at, operator, action) "
            "SELECT 'complaint', id, created_at, 'bench', 'create' FROM complaint"
        )
        connection.executemany(
            "INSERT INTO number_sequence (year, last) VALUES (?, ?)", sorted(sequences.items())
        )
    connection.execute("ANALYZE")
    connection.close()
    temporary.rename(path)


def time_import(rows: int) -> float:
    """Rows per second through prepare_complaint + insert_complaints, as the import calls them."""
    from adurabi_cli.db.store import open_store
    from adurabi_cli.services.complaints import insert_complaints, prepare_complaint
    from adurabi_cli.services.refdata import load_refdata
    from adurabi_cli.services.setup import init_database

    path = OUT / "import.db"
    for leftover in OUT.glob("import.db*"):
        leftover.unlink()
    init_database(str(path))
    rng = random.Random(7)
    today = date.today()
    raw_rows = [
        {
            "satker": rng.choice(("lapas-kerobokan", "rutan-bangli", "kanim-denpasar", "kanwil")),
            "received_on": (today - timedelta(days=rng.randrange(300))).strftime("%d/%m/%Y"),
            "channel": rng.choice(CHANNELS),
            "category": rng.choice(CATEGORIES),
            "summary": " ".join(rng.choices(WORDS, k=12)),
            "complainant_name": "Warga",
            "complainant_contact": "",
            "anonymous": "tidak",
            "confidential": "",
            "external_ref": f"LAPOR-{index}",
        }
        for index in range(rows)
    ]
    store = open_store(str(path))
    try:
        started = time.perf_counter()
        with store.write() as conn:
            ref = load_refdata(conn)
            prepared = [prepare_complaint(ref, raw, today=today, imported=True) for raw in raw_rows]
            insert_complaints(conn, ref, prepared, "bench", note="bench import")
        elapsed = time.perf_counter() - started
    finally:
        store.close()
    return rows / elapsed


def fixture(rows: int = 1_000_000, rebuild: bool = False) -> Path:
    """The cached database of `rows` complaints, built when missing."""
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"complaints-{rows}-v{FIXTURE_VERSION}.db"
    if rebuild or not db.exists():
        print(f"building {db.name} ({rows:,} complaints)...", flush=True)
        started = time.perf_counter()
        build_fixture(db, rows)
        print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return db


def commands_for(db: Path) -> tuple[str, dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The month listed, the commands with a target, and the ones timed for information."""
    month = date.today().replace(day=1) - timedelta(days=1)
    month_text = f"{month.year:04d}-{month.month:02d}"
    commands = {
        "complaint add": adurabi(
            db,
            "complaint",
            "add",
            "--satker",
            "lapas-kerobokan",
            "--channel",
            "whatsapp",
            "--category",
            "pungli",
            "--summary",
            "Dimintai uang saat kunjungan",
        ),
        f"complaint list --month {month_text}": adurabi(
            db, "complaint", "list", "--month", month_text
        ),
    }
    info = {
        "(info) list --overdue": adurabi(db, "complaint", "list", "--overdue"),
        "(info) list --search 'remisi jadwal'": adurabi(
            db, "complaint", "list", "--search", "remisi jadwal"
        ),
    }
    return month_text, commands, info


def measure(rows: int = 1_000_000, runs: int = 9, import_rows: int = IMPORT_ROWS) -> list[Figure]:
    """The figures bench/run.py gathers: add and list against the floor, the import path."""
    db = fixture(rows)
    _, commands, info = commands_for(db)
    compileall.compile_dir(ROOT / "adurabi_cli", quiet=1)
    medians = compare({**commands, **info}, runs)
    floor = medians.pop("floor")
    figures = [
        Figure(
            f"{name.removeprefix('(info) ')} ({rows:,} complaints)",
            value,
            "s",
            anchor_name="import floor",
            anchor=floor,
            target=None if name.startswith("(info)") else TARGET,
        )
        for name, value in medians.items()
    ]
    figures.append(
        Figure(
            f"complaint import path in-process ({import_rows:,} rows)",
            time_import(import_rows),
            "rows/s",
            higher_is_better=True,
            note="service level, no file",
        )
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    db = fixture(args.rows, args.rebuild)
    _, commands, info = commands_for(db)
    # An installed package ships compiled bytecode (pip compiles it, as it did for typer and
    # sqlmodel); this checkout may not have it, e.g. under PYTHONDONTWRITEBYTECODE=1.
    compileall.compile_dir(ROOT / "adurabi_cli", quiet=1)
    medians = compare({**commands, **info}, args.runs)
    print(f"\n{args.runs} runs each, median wall time, {db.name}")
    ok = report({k: v for k, v in medians.items() if not k.startswith("(info)")}, TARGET)
    floor = medians["floor"]
    for name, value in medians.items():
        if name.startswith("(info)"):
            print(f"{name:<34} {value:>9.3f} {value / floor:>8.2f}")
    rate = time_import(IMPORT_ROWS)
    print(f"\nimport path: {rate:,.0f} rows/s over {IMPORT_ROWS:,} rows (target 40,000)")
    if not ok:
        print(f"\nover the {TARGET}x target", file=sys.stderr)


if __name__ == "__main__":
    main()
