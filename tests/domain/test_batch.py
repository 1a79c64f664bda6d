"""The column helpers of domain/batch.py against plain loops."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.batch import flags, picked, present, repeats, rows_of, unset
from adurabi_cli.domain.text import on_one_line, one_line


@given(st.lists(st.sampled_from(["a", "b", "c", ("a", 1), None])))
def test_repeats_names_each_later_row_and_the_first_with_its_key(keys):
    indexes = [3 * i + 1 for i in range(len(keys))]  # ascending, not 0..n
    first: dict = {}
    expected = []
    for index, key in zip(indexes, keys, strict=True):
        if key in first:
            expected.append((index, first[key]))
        else:
            first[key] = index
    assert repeats(keys, indexes) == expected


@given(st.lists(st.sampled_from(["x", "", None, 0, 5])))
def test_present_is_the_indexes_of_set_values(values):
    assert present(values) == [i for i, v in enumerate(values) if v]
    assert picked(values, present(values)) == [v for v in values if v]


def test_rows_of_zips_columns_into_dicts_in_column_order():
    rows = rows_of({"b": [1, 2], "a": ["x", "y"]})
    assert rows == [{"b": 1, "a": "x"}, {"b": 2, "a": "y"}]
    assert list(rows[0]) == ["b", "a"]


def test_flags_reads_typed_columns_directly_and_others_through_the_converter():
    assert flags([True, None, False], lambda v: 1 / 0) == [True, False, False]
    assert flags(["ya", None], lambda v: v == "ya") == [True, False]


def test_unset_is_true_only_when_no_named_column_holds_a_value():
    columns = {"a": [None, None], "b": [None, 1]}
    assert unset(columns, ["a", "missing"])
    assert not unset(columns, ["a", "b"])


@given(st.lists(st.sampled_from(["a", "a b", " a", "b ", "a  b", "", "é", "x\ty", "\x07", "\xa0"])))
def test_on_one_line_is_one_line_keeping_every_value(values):
    expected = bool(values) and all(v and one_line(v) == v and v.isprintable() for v in values)
    assert on_one_line(values) == expected
