"""The pure field rules of news items."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.db.models import News, max_length
from adurabi_cli.domain.news import (
    MAX_COUNT,
    clean_outlet,
    clean_title,
    media_group_name,
    parse_count,
    parse_news_id,
    published_date,
)
from adurabi_cli.errors import InvalidInput

TODAY = date(2025, 4, 30)


def clean_title_(value):
    """The title as validation cleans it, with the limit of the news item's description."""
    return clean_title(value, limit=max_length(News, "title"))


def clean_outlet_(value):
    return clean_outlet(value, limit=max_length(News, "outlet"))


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(st.integers(min_value=0, max_value=MAX_COUNT), st.sampled_from([".", ",", " "]))
def test_counts_read_back_however_they_are_written(n: int, sep: str) -> None:
    for text in (str(n), f"  {n} ", _grouped(n, sep)):
        assert parse_count(text, "likes") == n
    assert parse_count(n, "likes") == n
    assert parse_count(float(n), "likes") == n


@given(st.integers(min_value=1, max_value=MAX_COUNT))
def test_negative_counts_are_refused(n: int) -> None:
    for value in (-n, f"-{n}", f"- {n}", "-" + _grouped(n, ".")):
        with pytest.raises(InvalidInput, match="likes must not be negative") as caught:
            parse_count(value, "likes")
        assert caught.value.field == "likes"


@pytest.mark.parametrize(
    "value", ["abc", "12a", "1.5", "1,25", "12.50.000", "1.000,000", "0x10", "½", "١٢", 2.5, True]
)
def test_non_whole_numbers_are_refused(value) -> None:
    with pytest.raises(InvalidInput, match="is not a whole number"):
        parse_count(value, "views")


def test_blank_counts_mean_not_counted_and_huge_ones_are_typos() -> None:
    assert parse_count(None, "views") is None
    assert parse_count("  ", "views") is None
    assert parse_count("0", "views") == 0
    with pytest.raises(InvalidInput, match="implausibly large"):
        parse_count(str(MAX_COUNT + 1), "views")


def test_title_and_outlet_are_collapsed_to_one_line() -> None:
    assert clean_title_("  Kunjungan\n  Kakanwil \t ke Lapas ") == "Kunjungan Kakanwil ke Lapas"
    assert clean_title_(2025) == "2025"
    for blank in (None, "", "  \n "):
        with pytest.raises(InvalidInput, match="title is empty"):
            clean_title_(blank)
    with pytest.raises(InvalidInput, match="at most 1000"):
        clean_title_("x" * 1001)
    assert clean_outlet_("  Bali   Post ") == "Bali Post"
    assert clean_outlet_(" ") is None
    with pytest.raises(InvalidInput, match="at most 200"):
        clean_outlet_("x" * 201)


def test_publication_dates() -> None:
    assert published_date("24/03/2025", today=TODAY) == date(2025, 3, 24)
    assert published_date("yesterday", today=TODAY) == date(2025, 4, 29)
    assert published_date(datetime(2025, 3, 24, 10, 30), today=TODAY) == date(2025, 3, 24)
    assert published_date(date(2025, 4, 30), today=TODAY) == TODAY
    for future in ("2025-05-01", date(2025, 5, 1)):
        with pytest.raises(InvalidInput, match="is in the future") as caught:
            published_date(future, today=TODAY)
        assert caught.value.field == "published_on"
    with pytest.raises(InvalidInput, match="before 2000"):
        published_date(date(1999, 12, 31), today=TODAY)
    with pytest.raises(InvalidInput, match="is not a date"):
        published_date("kemarin lusa", today=TODAY)


def test_news_ids() -> None:
    assert parse_news_id("12") == 12
    assert parse_news_id(" #7 ") == 7
    for bad in ("0", "-1", "abc", "1.5", "", "99999999999999999999"):
        with pytest.raises(InvalidInput, match="is not valid"):
            parse_news_id(bad)


def test_media_group_names() -> None:
    assert media_group_name("Media Massa") == "media-massa"
    assert media_group_name("media_sosial") == "media-sosial"
    assert media_group_name("social-media") == "media-sosial"
    assert media_group_name("website") == "website"
    assert media_group_name("instagram") is None
    assert media_group_name("lainnya") is None
