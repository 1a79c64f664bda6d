"""Row heights for wrapped text, web addresses shortened to their column, and the letterhead
and signature of the printed recap."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adurabi_cli.domain.letterhead import BLANK_NAME, BLANK_NIP, Office
from adurabi_cli.domain.print_layout import (
    CHARS_PER_WIDTH,
    LINE_POINTS,
    MAX_ROW_POINTS,
    fits_one_line,
    line_capacity,
    row_height,
    short_url,
    wrapped_lines,
)
from adurabi_cli.domain.settings import office


def width_for(chars: int) -> float:
    """The column width whose lines hold chars characters."""
    return chars / CHARS_PER_WIDTH + 0.01


@pytest.mark.parametrize(
    ("text", "chars", "lines"),
    [
        ("", 10, 1),
        ("Selesai", 10, 1),
        ("Pengaduan Diterima", 12, 2),  # words kept whole: "Pengaduan" / "Diterima"
        ("Rata-rata Hari Kerja Jawaban", 12, 3),  # "Rata-rata" / "Hari Kerja" / "Jawaban"
        ("a" * 10, 10, 1),
        ("a" * 11, 10, 2),  # a word longer than a line is broken
        ("a" * 25, 10, 3),
        ("ab " * 4, 5, 2),  # "ab ab" / "ab ab"
        ("satu\ndua\n\ntiga", 40, 4),  # the text's own line breaks kept, blank lines too
    ],
)
def test_wrapped_lines(text, chars, lines):
    assert line_capacity(width_for(chars)) == chars
    assert wrapped_lines(text, width_for(chars)) == lines


@given(st.text(alphabet="ab \n", max_size=300), st.integers(min_value=1, max_value=80))
def test_wrapped_text_takes_at_least_its_length_in_lines(text, chars):
    lines = wrapped_lines(text, width_for(chars))
    assert lines >= max(1, text.count("\n") + 1)
    visible = sum(1 for ch in text if ch not in " \n")
    assert lines >= math.ceil(visible / chars)
    assert (lines == 1) == fits_one_line(text, width_for(chars)) or " " in text


def test_row_height_is_the_tallest_cell_and_none_for_one_line():
    assert row_height([]) is None
    assert row_height([("Satu", width_for(10)), ("Dua", width_for(10))]) is None
    two = [("Pengaduan Diterima", width_for(12)), ("x", width_for(5))]
    assert row_height(two) == 2 * LINE_POINTS + 3
    assert row_height([("a b c", width_for(1)), ("a", width_for(1))]) == 3 * LINE_POINTS + 3
    assert row_height([("x" * 100_000, 10)]) == MAX_ROW_POINTS


def test_the_office_from_its_settings():
    assert office({}) == Office()
    default = Office()
    assert default.kop_lines() == [
        "KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA",
        "KANTOR WILAYAH BALI",
    ]
    assert default.signature_lines(date(2026, 12, 5)) == [
        "Denpasar, 5 Desember 2026",
        "Kepala Kantor Wilayah",
        "",
        "",
        "",
        BLANK_NAME,
        BLANK_NIP,
    ]
    mine = office(
        {
            "office_name": "KEMENTERIAN HUKUM | KANTOR WILAYAH BALI |",
            "office_address": "Jalan Contoh No. 1",
            "signer_name": "Ni Made Contoh",
            "signer_nip": "19700101 199003 2 001",
            "place": "Badung",
        }
    )
    assert mine.kop_lines() == ["KEMENTERIAN HUKUM", "KANTOR WILAYAH BALI", "Jalan Contoh No. 1"]
    assert mine.signature_lines(date(2026, 1, 2))[::5] == [
        "Badung, 2 Januari 2026",
        "Ni Made Contoh",
    ]
    assert mine.signature_lines(date(2026, 1, 2))[-1] == "NIP 197001011990032001"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # Whole when it fits, scheme and all.
        ("https://kemenkumham.go.id/berita/1", "https://kemenkumham.go.id/berita/1"),
        # Else without the scheme and "www.".
        ("https://www.balipost.com/news/2025/03/05/rakor", "balipost.com/news/2025/03/05/rakor"),
        # Host and path fit: cut in the query.
        (
            "https://www.facebook.com/permalink.php?story_fbid=1234567890&id=100064",
            "facebook.com/permalink.php?story_fbid…",
        ),
        # A long path: the host and the path's end, from a "/"...
        (
            "https://www.balipost.com/news/2025/03/05/rakor-layanan?utm_source=fb",
            "balipost.com/…/03/05/rakor-layanan",
        ),
        # ... or from a word of the last part.
        (
            "https://bali.tribunnews.com/2025/03/05/kanwil-kemenkumham-bali-gelar-rakor",
            "bali.tribunnews.com/…bali-gelar-rakor",
        ),
        # A host too long to leave room for a path: cut.
        (
            "https://berita.portal-berita-daerah-provinsi-bali.co.id/a/b",
            "berita.portal-berita-daerah-provinsi-…",
        ),
        ("https://bali.id/berita-ü?a=1&b=2", "https://bali.id/berita-ü?a=1&b=2"),
    ],
)
def test_a_long_web_address_is_shown_as_one_line_of_its_column(url, shown):
    assert line_capacity(45) == 38
    assert short_url(url, 45) == shown


@given(
    st.from_regex(r"https?://(www\.)?[a-z0-9.-]{1,40}(/[a-z0-9._~%-]{0,30}){0,6}(\?[a-z=&0-9]{0,40})?",
                  fullmatch=True),
    st.floats(min_value=5, max_value=80),
)  # fmt: skip
def test_a_shortened_address_fits_its_column_and_shows_its_host(url, width):
    shown = short_url(url, width)
    room = line_capacity(width)
    assert len(shown) <= room
    host = url.split("://", 1)[1].removeprefix("www.").split("/")[0].split("?")[0]
    assert shown == url or shown.startswith(host[: room - 1])
