"""A recap or a monitor refresh costs a fixed number of queries, whatever the data size."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from adurabi_cli.domain.periods import PeriodChoice
from adurabi_cli.services.monitor import take_snapshot
from adurabi_cli.services.period_close import recap_for_cli
from tests.recap.conftest import build_scenario


@contextmanager
def counted(store):
    statements: list[str] = []

    def on_execute(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", on_execute)


def recap(store, month: str, satker: list[str] | None = None):
    reported, labels = recap_for_cli(store, PeriodChoice(month=month), satker)
    return reported.data, labels


def run_both(store) -> tuple[list[str], list[str], dict]:
    with counted(store) as recap_statements:
        data, _labels = recap(store, "2025-03")
    with counted(store) as monitor_statements:
        take_snapshot(store)
    return recap_statements, monitor_statements, data


def grow(factory, satker: int, per_satker: int) -> None:
    """More satker, each with complaints and news in March and April."""
    for n in range(satker):
        code = f"lapas-tambahan-{n}"
        factory.add_satker(code)
        for i in range(per_satker):
            day = date(2025, 3 + i % 2, 3 + i % 20)
            status = ("diterima", "diproses", "selesai")[i % 3]
            resolved = date(2025, 4, 25) if status == "selesai" else None
            factory.complaint(code, day, status=status, resolved_on=resolved)
            factory.news(code, day, media=("website", "instagram", "online")[i % 3], views=i)


def test_query_count_does_not_grow_with_satker_or_rows(factory):
    small_recap, small_monitor, small = run_both(factory.store)
    build_scenario(factory)
    grow(factory, satker=6, per_satker=8)
    big_recap, big_monitor, big = run_both(factory.store)

    assert len(big["satker"]) == len(small["satker"]) + 6 - 1  # one deactivated
    assert big["totals"]["complaints"]["received"] > 0
    assert len(big_recap) == len(small_recap)
    assert len(big_monitor) == len(small_monitor)
    # BEGIN, reference data (satker, vocabulary, holidays, sla), whether the month is closed,
    # then the aggregates (the news totals one of them: an item covering several satker
    # counts once there).
    assert len(big_recap) <= 15, big_recap
    assert len(big_monitor) <= 13, big_monitor


def test_satker_option_adds_no_query(factory):
    build_scenario(factory)
    with counted(factory.store) as all_satker:
        recap(factory.store, "2025-03")
    with counted(factory.store) as some:
        recap(factory.store, "2025-03", ["kanwil", "lapas-tabanan", "rutan-bangli"])
    assert len(some) == len(all_satker)
