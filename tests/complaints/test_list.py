"""`complaint list`: every filter, order, limit, formats, and refused filters."""

from __future__ import annotations

import csv
import io

import pytest

from adurabi_cli.db.models import COMPLAINT_RECORD as RECORD_FIELDS
from tests.complaints.helpers import refused
from tests.conftest import run_adurabi


@pytest.fixture
def sample(cli, add):
    """Six complaints across satker, months, channels and statuses (today is 2025-04-30)."""
    numbers = {
        "old_open": add("--received", "2025-03-03", "--channel", "whatsapp"),
        "march_closed": add(
            "--received", "2025-03-20", "--category", "pungli", satker="rutan-bangli",
            summary="Pungutan 50% di pintu_masuk",
        ),
        "april": add("--received", "2025-04-02", "--external-ref", "LAPOR-77", satker="kanwil"),
        "april_same_day": add("--received", "2025-04-02", "--complainant", "O'Brien \"Ketut\""),
        "recent": add("--received", "2025-04-29", "--channel", "email", summary="Paspor lambat"),
        "deleted": add("--received", "2025-04-10"),
    }  # fmt: skip
    cli("complaint", "update", numbers["march_closed"], "--status", "selesai", "--note", "Beres")
    cli("complaint", "delete", numbers["deleted"], "--note", "dobel")
    return numbers


def listed(cli, *args):
    return [row["number"] for row in cli.json("complaint", "list", *args)]


def test_newest_received_first_ties_by_newest_entry_deleted_left_out(cli, sample):
    assert listed(cli) == [
        sample["recent"],
        sample["april_same_day"],
        sample["april"],
        sample["march_closed"],
        sample["old_open"],
    ]


@pytest.mark.parametrize(
    "args, expected",
    [
        (("--satker", "rutan-bangli"), ["march_closed"]),
        (("--satker", "kanwil", "-s", "rutan-bangli"), ["april", "march_closed"]),
        (("--status", "selesai"), ["march_closed"]),
        (("--status", "resolved", "--status", "received"), None),
        (("--open",), ["recent", "april_same_day", "april", "old_open"]),
        (("--overdue",), ["april_same_day", "april", "old_open"]),
        (("--month", "2025-03"), ["march_closed", "old_open"]),
        (("--from", "2025-04-02", "--to", "02/04/2025"), ["april_same_day", "april"]),
        (("--from", "2025-04-01", "--month", "2025-04", "--to", "2025-04-28"),
         ["april_same_day", "april"]),
        (("--channel", "wa"), ["old_open"]),
        (("--category", "pungli"), ["march_closed"]),
        (("--search", "paspor"), ["recent"]),
        (("--search", "50%"), ["march_closed"]),
        (("--search", "%"), ["march_closed"]),
        (("--search", "pintu_masuk"), ["march_closed"]),
        (("--search", "_"), ["march_closed"]),
        (("--search", "o'brien \"ketut\""), ["april_same_day"]),
        (("--search", "lapor-77"), ["april"]),
        (("--search", "pgd-2025-00003"), ["april"]),
        (("--month", "2025-02"), []),
    ],
)  # fmt: skip
def test_filters(cli, sample, args, expected):
    if expected is None:  # all but the deleted one
        expected = ["recent", "april_same_day", "april", "march_closed", "old_open"]
    assert listed(cli, *args) == [sample[name] for name in expected]


def test_overdue_follows_today_without_any_write(cli, sample, monkeypatch):
    records = {r["number"]: r for r in cli.json("complaint", "list")}
    assert records[sample["recent"]]["due_on"] == "2025-05-21"
    assert records[sample["april"]]["due_on"] == "2025-04-23"
    monkeypatch.setenv("ADURABI_TODAY", "2025-05-21")  # the deadline day is still on time
    assert sample["recent"] not in listed(cli, "--overdue")
    monkeypatch.setenv("ADURABI_TODAY", "2025-05-22")
    assert sample["recent"] in listed(cli, "--overdue")
    monkeypatch.setenv("ADURABI_TODAY", "2025-04-23")
    assert listed(cli, "--overdue") == [sample["old_open"]]


def test_limit_and_the_showing_note(cli, sample):
    result = cli("complaint", "list", "--limit", "2")
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr.strip() == "showing 2 of 5; use --limit 0 for all"
    assert len(cli.json("complaint", "list", "--limit", "0")) == 5
    assert cli("complaint", "list", "--limit", "5").stderr == ""


def test_json_and_csv_carry_every_field_and_confidential_text(cli, add):
    add("--confidential", "--complainant", "Ayu", summary="Rahasia: petugas X")
    [record] = cli.json("complaint", "list")
    assert list(record) == list(RECORD_FIELDS)
    assert record["summary"] == "Rahasia: petugas X"
    rows = list(csv.reader(io.StringIO(cli("complaint", "list", "--csv").stdout)))
    assert rows[0] == list(RECORD_FIELDS)
    assert rows[1][RECORD_FIELDS.index("confidential")] == "true"
    assert rows[1][RECORD_FIELDS.index("complainant_name")] == "Ayu"


def test_empty_list_formats(cli, initialized):
    assert cli.json("complaint", "list") == []
    assert cli("complaint", "list", "--csv").stdout.strip() == ",".join(RECORD_FIELDS)
    assert cli("complaint", "list").stdout == ""


def test_plain_rows_hide_confidential_summaries(cli, add):
    number = add("--confidential", summary="Nama petugas disebut")
    [line] = cli("complaint", "list").stdout.splitlines()
    cells = line.split("\t")
    assert cells[0] == number
    assert cells[-1] == "(dirahasiakan)"


def test_overdue_rows_stand_out_on_a_terminal(cli, add, monkeypatch):
    add("--received", "2025-03-03")
    add("--received", "2025-04-29", summary="Belum lewat")
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "200")
    table = cli("complaint", "list").stdout
    red = [line for line in table.splitlines() if "\x1b[1;31m" in line]
    assert len(red) == 1 and "03/03/2025" in red[0]
    assert "Belum lewat" in table and "Nomor" in table


@pytest.mark.parametrize(
    "args, message",
    [
        (("--month", "2025-13"), "month '2025-13' is not valid"),
        (("--month", "2025-06"), "June 2025 is in the future"),
        (("--from", "31/02/2025"), "Februari 2025 has 28 days"),
        (("--from", "2025-04-10", "--to", "2025-04-01"), "--from 10/04/2025 is after --to"),
        (("--status", "closed"), "unknown status 'closed'"),
        (("--satker", "lapas-x"), "unknown satker 'lapas-x'"),
        (("--channel", "fax"), "unknown channel 'fax'; valid: sp4n-lapor"),
        (("--category", "x"), "unknown category 'x'; valid: kualitas-layanan"),
        (("--json", "--csv"), "choose one of --json and --csv"),
    ],
)
def test_refused_filters(cli, initialized, args, message):
    assert message in refused(cli, "complaint", "list", *args)


def test_negative_limit_is_a_usage_error(cli, initialized):
    cli("complaint", "list", "--limit", "-1", code=2)


def test_piped_rows_carry_the_whole_summary_only_the_terminal_table_shortens(cli, add, monkeypatch):
    summary = " ".join(f"kata{i}" for i in range(40))
    add(summary=summary + "\n" + "baris kedua")
    [line] = cli("complaint", "list").stdout.splitlines()
    assert line.split("\t")[-1] == summary + " baris kedua"
    rows = list(csv.reader(io.StringIO(cli("complaint", "list", "--csv").stdout)))
    assert rows[1][RECORD_FIELDS.index("summary")] == summary + "\nbaris kedua"
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("COLUMNS", "250")
    table = cli("complaint", "list").stdout
    assert "kata0 kata1" in table and "…" in table and "kata39" not in table


def test_csv_for_excel_is_utf8_with_bom_and_semicolons_in_a_real_process(cli, add):
    add("--complainant", "Ni Luh Ayu", summary='Biaya; 50% "ekstra"\ndi loket')
    run = run_adurabi("complaint", "list", "--csv-excel", text=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(b"\xef\xbb\xbfid;number;satker;")
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == list(RECORD_FIELDS)
    assert rows[1][RECORD_FIELDS.index("summary")] == 'Biaya; 50% "ekstra"\ndi loket'
    assert rows[1][RECORD_FIELDS.index("complainant_name")] == "Ni Luh Ayu"
    history = cli("complaint", "history", rows[1][1], "--csv-excel").stdout
    assert history.startswith("\ufeffat;operator;action;")
    satker = cli("satker", "list", "--csv-excel").stdout.splitlines()
    assert satker[0] == "\ufeffcode;name;kind;active;contact_name;email;phone;aliases"
    assert "choose one of --csv and --csv-excel" in refused(
        cli, "news", "list", "--csv", "--csv-excel"
    )
