"""CSV output a spreadsheet opens without running anything: a text cell that starts like a
formula (=, +, -, @, tab, carriage return) gets OWASP's leading apostrophe in `--csv` and
`--csv-excel`; `--json` and piped rows carry the text as stored; import takes the apostrophe
off again, so a list read back keeps its text."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.text import FORMULA_PREFIXES, csv_guarded, csv_unguarded

FORMULAS = [
    '=HYPERLINK("http://x.id/","klik")',
    "=cmd|' /C calc'!A0",
    "+62 812 3456",
    "-- catatan petugas",
    "@SUM(A1)",
    "'=1+1 sudah berkutip",
]
PLAIN = ["Antrean panjang", "'kutipan' biasa"]


def test_every_csv_output_guards_formula_text_and_import_reads_it_back(cli, initialized, tmp_path):
    for text in FORMULAS + PLAIN:
        cli("complaint", "add", "-s", "kanwil", "--summary", text, "--received", "2025-03-03")
    guarded = {"'" + text for text in FORMULAS} | set(PLAIN)

    as_csv = cli("complaint", "list", "--csv").stdout
    assert {row["summary"] for row in csv.DictReader(io.StringIO(as_csv))} == guarded
    excel = cli("complaint", "list", "--csv-excel").stdout
    assert excel.startswith("\ufeff")
    rows = csv.DictReader(io.StringIO(excel[1:], newline=""), delimiter=";")
    assert {row["summary"] for row in rows} == guarded

    stored = set(FORMULAS + PLAIN)
    assert {row["summary"] for row in cli.json("complaint", "list")} == stored
    piped = cli("complaint", "list").stdout.splitlines()
    assert {line.split("\t")[-1] for line in piped} == stored

    exported = tmp_path / "pengaduan.csv"
    exported.write_text(as_csv, encoding="utf-8")
    back = tmp_path / "back.db"
    cli("--db", back, "init")
    cli("--db", back, "import", "complaints", exported)
    assert {row["summary"] for row in cli.json("--db", back, "complaint", "list")} == stored


def test_the_guard_covers_every_formula_start_and_only_those():
    for start in FORMULA_PREFIXES:
        assert csv_guarded(start + "x") == "'" + start + "x"
    assert csv_guarded("x=1") == "x=1"
    assert csv_guarded("") == ""
    assert csv_guarded("'=x") == "''=x"  # so that reading it back gives '=x
    assert csv_unguarded("'") == "'"
    assert csv_unguarded("'abc") == "'abc"  # an apostrophe the guard did not put there


@given(st.text())
def test_reading_a_guarded_cell_gives_the_text_back(text):
    assert csv_unguarded(csv_guarded(text)) == text
