"""Determinism, the rerun rule and every refusal of `adurabi demo`."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tests.conftest import ROOT, run_adurabi
from tests.dbtarget import ENGINE, is_blank
from tests.demo.conftest import SMALL, make_demo, query, snapshot

# Timestamps are the moment of entry; everything else must repeat exactly.
STAMPS = {"created_at", "updated_at", "at", "withdrawn_at"}


def dump(path) -> dict[str, list[dict]]:
    return {
        name: [{k: v for k, v in row.items() if k not in STAMPS} for row in rows]
        for name, rows in snapshot(path).items()
        if name != "setting"
    }


def test_same_seed_and_day_give_identical_rows(tmp_path):
    make_demo(tmp_path / "a.db", seed=7)
    make_demo(tmp_path / "b.db", seed=7)
    make_demo(tmp_path / "c.db", seed=8)
    first, second, other = (dump(tmp_path / f"{name}.db") for name in "abc")
    assert first["complaint"] and first["news"] and first["history"]
    assert first == second
    assert first["complaint"] != other["complaint"] and first["news"] != other["news"]


def test_a_second_run_prints_the_recap_and_adds_nothing(cli, db_path):
    first = cli("demo", *SMALL)
    before = snapshot(db_path)
    again = cli("demo", *SMALL)
    assert snapshot(db_path) == before
    assert again.stdout == first.stdout
    assert "already holds this demo (seed 1" in again.stderr
    assert "nothing was added" in again.stderr


def test_another_seed_or_size_on_a_demo_database_is_refused(cli, demo_db):
    before = snapshot(demo_db)
    for args in (("--seed", "2", *SMALL), ("--complaints", "301", "--news", "200")):
        result = cli("demo", *args, code=1)
        assert result.stdout == ""
        assert result.stderr.startswith("Error: the database at ")
        assert "demo of seed 1 (300 complaints, 200 news items)" in result.stderr
        assert "--db" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(demo_db) == before


def test_a_database_with_real_entries_is_refused(cli, initialized):
    cli("complaint", "add", "--satker", "kanwil", "--summary", "Antrian lama")
    before = snapshot(initialized)
    result = cli("demo", *SMALL, code=1)
    assert "already holds 1 complaints, 0 news items and 0 nil reports" in result.stderr
    assert "--db" in result.stderr
    assert snapshot(initialized) == before


def test_entries_made_after_the_demo_make_a_rerun_refuse(cli, demo_db):
    number = query(demo_db, "SELECT number FROM complaint WHERE status = 'diterima' LIMIT 1")
    cli("complaint", "update", number[0]["number"], "--status", "diverifikasi")
    before = snapshot(demo_db)
    result = cli("demo", *SMALL, code=1)
    assert "holds the demo of seed 1 and entries made since" in result.stderr
    assert snapshot(demo_db) == before


def test_an_interrupted_demo_is_refused_on_the_next_run(cli, db_path, monkeypatch):
    from adurabi_cli.services import demo

    def stop(stage, done, total):
        raise KeyboardInterrupt

    real = demo.run_demo
    # Its own context: undoing it must leave the test's environment (ADURABI_DB...) alone.
    with monkeypatch.context() as patch:
        patch.setattr(
            demo,
            "run_demo",
            lambda *a, **k: real(*a, **{**k, "progress": stop, "batch_rows": 100}),
        )
        result = cli("demo", *SMALL, code=130)
    assert "Interrupted" in result.stderr
    assert len(query(db_path, "SELECT id FROM complaint")) == 100  # one whole batch
    before = snapshot(db_path)
    result = cli("demo", *SMALL, code=1)
    assert (
        "has not finished: it is still running or was interrupted (it holds 100 of 300 "
        "complaints and 0 of 200 news items)"
    ) in result.stderr
    assert snapshot(db_path) == before


def test_an_empty_initialised_database_is_filled(cli, initialized):
    cli("demo", *SMALL)
    assert len(query(initialized, "SELECT id FROM complaint")) == 300


def test_a_registry_without_active_satker_is_refused(cli, tmp_path, db_path):
    registry = tmp_path / "satker.csv"
    registry.write_text("code,name,kind\nkanwil,Kantor Wilayah Kementerian Hukum Bali,kanwil\n")
    cli("init", "--satker-file", str(registry))
    cli("satker", "update", "kanwil", "--inactive")
    before = snapshot(db_path)
    result = cli("demo", *SMALL, code=1)
    assert "no active satker" in result.stderr
    assert snapshot(db_path) == before


@pytest.mark.sqlite_only
def test_a_file_that_is_not_an_adurabi_database_is_a_storage_error(cli, db_path):
    db_path.write_bytes(b"not a database at all")
    result = cli("demo", *SMALL, code=3)
    assert result.stderr.startswith("Error: ") and "not an adurabi database" in result.stderr
    assert db_path.read_bytes() == b"not a database at all"


def test_zero_rows_is_allowed(cli, db_path):
    result = cli("demo", "--complaints", "0", "--news", "0")
    assert "Demo data: 0 complaints, 0 news items" in result.stderr
    assert query(db_path, "SELECT count(*) AS n FROM complaint")[0]["n"] == 0
    states = {e["compliance"]["state"] for e in cli.json("recap", "--month", "previous")["satker"]}
    assert states == {"Belum melapor"}


def test_the_default_database_is_created_with_its_folder(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("ADURABI_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = cli("demo", *SMALL)
    path = tmp_path / "data" / "adurabi" / "adurabi.db"
    assert path.exists() and str(path) in result.stderr


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("--complaints", "-1"), "--complaints must be between 0 and 5,000,000 (got -1)"),
        (("--news", "5000001"), "--news must be between 0 and 5,000,000 (got 5,000,001)"),
    ],
)
def test_bad_sizes_are_refused_before_anything_is_written(cli, db_path, args, text):
    result = cli("demo", *args, code=1)
    assert result.stderr.strip() == f"Error: {text}"
    assert is_blank(db_path)


def test_a_seed_that_is_not_a_number_is_a_usage_error(cli, db_path):
    result = cli("demo", "--seed", "abc", code=2)
    assert "Invalid value for '--seed'" in result.stderr
    assert is_blank(db_path)


def test_out_must_be_a_folder_that_can_be_written(cli, db_path, tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("x")
    result = cli("demo", *SMALL, "--out", str(afile), code=1)
    assert result.stderr.strip() == f"Error: --out {afile} is a file, not a folder"
    result = cli("demo", *SMALL, "--out", str(afile / "recap"), code=1)
    assert f"cannot make --out folder {afile / 'recap'}: {afile} is a file" in result.stderr
    assert is_blank(db_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_out_folder_is_refused(cli, db_path, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = cli("demo", *SMALL, "--out", str(locked), code=1)
        assert "is not writable" in result.stderr
        assert is_blank(db_path)
    finally:
        locked.chmod(0o700)


def test_the_excel_recap_of_this_month_is_written_to_out(cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "recap-out"
    result = cli("demo", *SMALL, "--out", str(out))
    kanwil = out / "rekap-2025-04.xlsx"
    assert f"Excel recap: {kanwil} and 19 satker files in {out / '2025-04'}" in result.stderr
    assert sorted(p.name for p in (out / "2025-04").iterdir())[:2] == [
        "bapas-denpasar.xlsx",
        "bapas-karangasem.xlsx",
    ]
    book = load_workbook(kanwil, read_only=True)
    assert book.sheetnames == ["Ringkasan", "Pengaduan", "Berita", "Kepatuhan"]
    book.close()
    again = cli("demo", *SMALL, "--out", str(out))
    assert "already holds this demo" in again.stderr
    assert f"Excel recap: {kanwil}" in again.stderr


def test_piped_in_a_real_process_twice(tmp_path):
    db = tmp_path / "demo.db"
    env = {"ADURABI_DB": str(db)}
    first = run_adurabi("demo", *SMALL, env=env)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.splitlines()) == 19
    assert first.stderr.startswith("Demo data: 300 complaints")
    assert first.stderr.count("\n") == 2 and "Excel recap: " in first.stderr
    second = run_adurabi("demo", *SMALL, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert "already holds this demo" in second.stderr


def test_a_copy_of_a_demo_database_still_counts_as_the_demo(cli, demo_db, tmp_path):
    copy = tmp_path / "copy.db"
    if ENGINE == "sqlite":
        shutil.copyfile(demo_db, copy)
    else:  # a server database is copied out with copy-db
        cli("copy-db", "--from", demo_db, "--to", copy)
    result = cli("--db", str(copy), "demo", *SMALL)
    assert "already holds this demo" in result.stderr


def test_the_readme_names_the_workbooks_demo_writes_to_out(cli, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [paragraph] = [p for p in readme.split("\n- ") if p.startswith("`--complaints` and `--news`")]
    assert "Nothing is written" not in paragraph
    out = tmp_path / "recap-out"
    cli("demo", *SMALL, "--out", str(out))
    for pattern in re.findall(r"`DIR/([^`]+\.xlsx)`", paragraph):
        path = pattern.replace("YYYY-MM", "2025-04").replace("<satker-code>", "lapas-kerobokan")
        assert (out / path).is_file(), path
    assert len(re.findall(r"`DIR/([^`]+\.xlsx)`", paragraph)) == 2
