"""domain.sparkline and domain.periods.last_months: pure, tested without a database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.periods import last_months
from adurabi_cli.domain.sparkline import BLOCKS, GAP, sparkline
from adurabi_cli.errors import InvalidInput


def test_examples():
    assert sparkline([0, 5, 0]) == "▁█▁"
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▂▃▄▅▅▆▇█"
    assert sparkline([None, 75.0, 0.0]) == " █▁"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([None, None]) == "  "
    assert sparkline([]) == ""
    assert sparkline([-3, 6]) == "▁█"


@given(st.lists(st.one_of(st.none(), st.integers(0, 10**9)), max_size=130))
def test_one_block_per_value_highest_for_the_largest_and_monotone(values):
    line = sparkline(values)
    assert len(line) == len(values)
    assert all((ch == GAP) == (v is None) for ch, v in zip(line, values, strict=True))
    assert set(line) <= set(BLOCKS) | {GAP}
    present = [(v, BLOCKS.index(ch)) for ch, v in zip(line, values, strict=True) if v is not None]
    if present and max(v for v, _ in present) > 0:
        assert max(level for _, level in present) == len(BLOCKS) - 1
    for a, level_a in present:
        for b, level_b in present:
            if a <= b:
                assert level_a <= level_b


def test_last_months_ends_with_this_month_and_crosses_years():
    months = last_months(12, today=date(2025, 4, 30))
    assert [str(m) for m in (months[0], months[-1])] == ["2024-05", "2025-04"]
    assert len(months) == 12
    assert [str(m) for m in last_months(1, today=date(2025, 1, 1))] == ["2025-01"]
    # Never before the year 2000.
    assert str(last_months(120, today=date(2001, 2, 1))[0]) == "2000-01"


@pytest.mark.parametrize("count", [0, -1, 121])
def test_last_months_out_of_range(count):
    with pytest.raises(InvalidInput, match="--months"):
        last_months(count, today=date(2025, 4, 30))
