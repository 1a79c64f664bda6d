"""Benchmark `adurabi import` and the workbook reader, each beside an anchor of the same run.

    python bench/bench_import.py [--rows 100000] [--runs 3]

1. A 500-row filled-in entry template (.xlsx) imported by the command, against the import
   floor `python -c "import typer, rich.table, sqlmodel"` (medians, runs interleaved).
   Target: at most 1.3x the floor.
2. An N-row CSV of complaints (default 100,000) imported by the command into a fresh
   database, against `sqlite-utils insert DB complaints FILE --csv` of the same file into
   another fresh one (best of the runs, wall time of a fresh process). Targets: no slower
   than sqlite-utils, and at least 12,000 rows/s. Without sqlite-utils installed (it is no
   dependency: `pip install sqlite-utils`) that comparison is left out with a note.
3. Reading the same N rows from an .xlsx for import (`open_table(...).records()`: sheet
   found, headers mapped, every cell typed), against openpyxl's read-only mode iterating the
   values of the same sheet, in this process. Target: at least 5x openpyxl's speed.

Files go to bench/out/ (ignored by git). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import OUT, Figure, compile_package, figure_table  # noqa: E402

TODAY = "2025-04-30"
IMPORT_FLOOR = (sys.executable, "-c", "import typer, rich.table, sqlmodel")
TEMPLATE_ROWS = 500
SATKER = [
    "kanwil", "lapas-kerobokan", "lapas-perempuan-kerobokan", "lapas-narkotika-bangli",
    "lapas-singaraja", "lapas-tabanan", "lapas-karangasem", "lpka-karangasem", "rutan-bangli",
    "rutan-gianyar", "rutan-negara", "rutan-klungkung", "bapas-denpasar", "bapas-karangasem",
    "rupbasan-denpasar", "kanim-ngurah-rai", "kanim-denpasar", "kanim-singaraja",
    "rudenim-denpasar",
]  # fmt: skip
CHANNELS = ["SP4N-LAPOR!", "WhatsApp", "email", "telepon", "langsung", "surat", ""]
CATEGORIES = ["kualitas-layanan", "prosedur", "pungli", "permintaan-informasi", "aspirasi"]
MEDIA = ["website", "online", "cetak", "instagram", "facebook", "tiktok", "youtube", "x"]
WORDS = [
    "warga", "mengeluhkan", "antrean", "kunjungan", "yang", "panjang", "petugas", "kurang",
    "ramah", "informasi", "layanan", "paspor", "tidak", "jelas", "biaya", "tambahan", "diminta",
    "saat", "pengurusan", "berkas", "mohon", "ditindaklanjuti", "segera", "terima", "kasih",
]  # fmt: skip


def complaint_csv(path: Path, n: int, seed: int = 11, tag: str = "") -> None:
    """The columns a satker's register has, as Excel saves CSV in Indonesia (`;`, BOM).
    Another seed and tag give other rows, with other external references."""
    rnd = random.Random(seed)
    first = date(2025, 1, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            ["Satker", "Tanggal Diterima", "Kanal", "Kategori", "Ringkasan Pengaduan",
             "Nama Pengadu", "Kontak Pengadu", "Anonim", "Rahasia",
             "Nomor SP4N-LAPOR!/Referensi"]
        )  # fmt: skip
        for i in range(n):
            anonymous = rnd.random() < 0.1
            received = first + timedelta(days=rnd.randrange(110))
            writer.writerow(
                [
                    rnd.choice(SATKER),
                    received.strftime("%d/%m/%Y"),
                    rnd.choice(CHANNELS),
                    rnd.choice(CATEGORIES),
                    " ".join(rnd.choices(WORDS, k=rnd.randrange(8, 30))).capitalize(),
                    "" if anonymous else f"Warga {i}",
                    "" if anonymous else f"08{rnd.randrange(10**9, 10**10)}",
                    "ya" if anonymous else "tidak",
                    "ya" if rnd.random() < 0.05 else "",
                    f"LPR-{tag}{i:07d}" if rnd.random() < 0.3 else "",
                ]
            )


def template_file(path: Path, n: int = TEMPLATE_ROWS) -> None:
    """The entry template as `adurabi template complaints` writes it, n rows filled in."""
    from openpyxl import load_workbook

    blank = OUT / "template-blank.xlsx"
    db = fresh_database("template.db")
    run([sys.executable, "-m", "adurabi_cli", "--db", str(db), "template", "complaints",
         "--out", str(blank), "--force"])  # fmt: skip
    rnd = random.Random(5)
    workbook = load_workbook(blank)
    sheet = workbook["Pengaduan"]
    for i in range(n):
        day = date(2025, 1, 1) + timedelta(days=rnd.randrange(110))
        values = [rnd.choice(SATKER), day.strftime("%d/%m/%Y"), rnd.choice(CHANNELS[:-1]),
                  rnd.choice(CATEGORIES), " ".join(rnd.choices(WORDS, k=12)).capitalize(),
                  f"Warga {i}", f"08{rnd.randrange(10**9, 10**10)}", "tidak", "tidak"]  # fmt: skip
        for column, value in enumerate(values, 1):
            sheet.cell(row=i + 2, column=column, value=value)
    workbook.save(path)


def fresh_database(name: str) -> Path:
    """A copy of an initialised database (made once), any earlier copy removed."""
    template = OUT / "import-template.db"
    if not template.exists():
        run([sys.executable, "-m", "adurabi_cli", "--db", str(template), "init"])
    path = OUT / name
    for leftover in OUT.glob(name + "*"):
        leftover.unlink()
    shutil.copyfile(template, path)
    return path


def run(command: list[str]) -> float:
    """Wall seconds of a command in a fresh process; fails loudly on an error."""
    env = {**os.environ, "ADURABI_TODAY": TODAY, "ADURABI_OPERATOR": "bench"}
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr}")
    return elapsed


def importing(kind: str, path: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "adurabi_cli", "--db", str(db), "import", kind, str(path)]


def template_figure(runs: int) -> Figure:
    path = OUT / f"template-{TEMPLATE_ROWS}.xlsx"
    if not path.exists():
        template_file(path)
    run(list(IMPORT_FLOOR))  # warm the file cache
    run(importing("complaints", path, fresh_database("import-template-run.db")))
    floor, ours = [], []
    for _ in range(runs):
        floor.append(run(list(IMPORT_FLOOR)))
        db = fresh_database("import-template-run.db")
        ours.append(run(importing("complaints", path, db)))
    return Figure(
        f"import of a {TEMPLATE_ROWS}-row template (.xlsx), the command (median)",
        statistics.median(ours),
        "s",
        "python -c 'import typer, rich.table, sqlmodel'",
        statistics.median(floor),
        target=1.3,
    )


def csv_figures(n: int, runs: int) -> list[Figure]:
    path = OUT / f"import-{n}-pengaduan.csv"
    if not path.exists():
        complaint_csv(path, n)
    best = min(run(importing("complaints", path, fresh_database("import-csv.db")))
               for _ in range(runs))  # fmt: skip
    label = f"import of a {n:,}-row CSV, the command (best of {runs})"
    figures = [Figure(label, n / best, "rows/s", target=12_000, higher_is_better=True,
                      absolute=True)]  # fmt: skip
    tool = shutil.which("sqlite-utils")
    if tool is None:
        figures.append(Figure(f"{label}, against sqlite-utils insert --csv", best, "s",
                              note="sqlite-utils not installed: comparison left out"))  # fmt: skip
        return figures
    plain = OUT / "sqlite-utils.db"
    theirs = []
    for _ in range(runs):
        for leftover in OUT.glob("sqlite-utils.db*"):
            leftover.unlink()
        theirs.append(run([tool, "insert", str(plain), "complaints", str(path), "--csv",
                           "--delimiter", ";"]))  # fmt: skip
    figures.append(Figure(f"{label}, seconds", best, "s",
                          f"sqlite-utils insert DB complaints FILE --csv (best of {runs})",
                          min(theirs), target=1.0))  # fmt: skip
    return figures


def xlsx_from_csv(csv_path: Path, xlsx_path: Path) -> None:
    """The same rows as a workbook (raw openpyxl write-only; header row 1, one sheet)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("Pengaduan")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            worksheet.append(row)
    workbook.save(xlsx_path)


def read_figure(n: int, runs: int) -> Figure:
    from openpyxl import load_workbook

    from adurabi_cli.excel.reader import open_table

    path = OUT / f"import-{n}-pengaduan.xlsx"
    if not path.exists():
        xlsx_from_csv(OUT / f"import-{n}-pengaduan.csv", path)
    today = date.fromisoformat(TODAY)

    def ours() -> float:
        start = time.perf_counter()
        with open_table(path, "complaints") as table:
            count = sum(1 for _ in table.records(today=today))
        assert count == n, count
        return time.perf_counter() - start

    def openpyxl_read_only() -> float:
        start = time.perf_counter()
        workbook = load_workbook(path, read_only=True)
        count = sum(1 for _ in workbook["Pengaduan"].iter_rows(values_only=True))
        workbook.close()
        assert count == n + 1, count
        return time.perf_counter() - start

    best_ours = min(ours() for _ in range(runs))
    best_theirs = min(openpyxl_read_only() for _ in range(runs))
    return Figure(
        f"reading a {n:,}-row .xlsx for import, cells typed (best of {runs})",
        best_ours,
        "s",
        "openpyxl read-only, values only",
        best_theirs,
        target=0.2,
    )


def measure(n: int = 100_000, runs: int = 3) -> list[Figure]:
    """The figures bench/run.py gathers."""
    os.environ["ADURABI_TODAY"] = TODAY
    OUT.mkdir(parents=True, exist_ok=True)
    compile_package()
    return [template_figure(max(runs, 5)), *csv_figures(n, runs), read_figure(n, runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(figure_table(measure(args.rows, args.runs)))


if __name__ == "__main__":
    main()
