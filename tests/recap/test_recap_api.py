"""The recap functions other commands call, and the day boundaries of open and overdue."""

from __future__ import annotations

import json
from datetime import date

import pytest

from adurabi_cli.domain.dates import Month
from adurabi_cli.errors import InvalidInput
from adurabi_cli.render.output import to_json
from adurabi_cli.services.recap import monthly_recap
from adurabi_cli.services.refdata import load_refdata
from tests.recap.test_recap import by_code


def test_monthly_recap_api_matches_the_command(cli, scenario):
    """The function the Excel export calls gives what `recap --json` prints."""
    with scenario.store.read() as conn:
        ref = load_refdata(conn)
        data = monthly_recap(conn, ref, Month(2025, 3), today=date(2025, 4, 30))
        some = monthly_recap(
            conn, ref, Month(2025, 3), today=date(2025, 4, 30), satker=["lapas-tabanan"]
        )
    assert json.loads(to_json(data)) == cli.json("recap", "--month", "2025-03")
    assert [row["code"] for row in some["satker"]] == ["lapas-tabanan"]
    assert data["satker"][0]["compliance"]["last_entry_at"].tzinfo is not None


def test_monthly_recap_refuses_a_month_after_today(factory):
    with factory.store.read() as conn, pytest.raises(InvalidInput, match="in the future"):
        monthly_recap(conn, factory.ref, Month(2025, 5), today=date(2025, 4, 30))


def test_day_boundaries_of_open_and_overdue(factory):
    """On D = 31/1/2025: closed on D is not open, closed on D+1 is; due on D is not overdue."""
    d = date.fromisoformat
    # 27/1 and 29/1 are holidays, so 8/1 is due 30/1 and 9/1 is due 31/1.
    assert factory.due(d("2025-01-09")) == d("2025-01-31")
    assert factory.due(d("2025-01-08")) == d("2025-01-30")
    factory.complaint("bapas-denpasar", d("2025-01-09"))  # due on D: open, not overdue
    factory.complaint("bapas-denpasar", d("2025-01-08"))  # due D-1: overdue
    factory.complaint(
        "bapas-denpasar", d("2025-01-02"), status="selesai", resolved_on=d("2025-01-31")
    )  # closed on D
    factory.complaint(
        "bapas-denpasar", d("2025-01-03"), status="dialihkan", resolved_on=d("2025-02-01")
    )  # closed on D+1: still open on D, and overdue (due 22/1)
    factory.complaint("bapas-denpasar", d("2025-02-01"))  # received after D
    with factory.store.read() as conn:
        data = monthly_recap(conn, factory.ref, Month(2025, 1), today=d("2025-04-30"))
    row = by_code(data)["bapas-denpasar"]["complaints"]
    assert (row["received"], row["open"], row["overdue"]) == (4, 3, 2)
    assert (row["closed"], row["resolved"], row["closed_on_time"]) == (1, 1, 0)
    assert row["on_time_pct"] == 0.0
