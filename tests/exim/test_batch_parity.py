"""Property tests: a batch checked column by column ends exactly as row by row would.

The import types and checks a clean batch down its columns (ImportTable.typed_columns,
complaint_batches, news_batches) and sends any other batch row by row (records,
prepare_complaint, prepare_news). Whatever a file holds, the two must agree: the same
prepared rows and row numbers, or the same rejection with the same problems.
"""

from __future__ import annotations

import csv
import tempfile
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from adurabi_cli.db.store import open_store
from adurabi_cli.errors import ImportRejected, InvalidInput
from adurabi_cli.excel.reader import ImportTable
from adurabi_cli.services import importer
from adurabi_cli.services.refdata import load_refdata

TODAY = date(2025, 4, 30)

# Cells as satker type them: mostly good, some refused, some odd but accepted.
SATKER = ["kanwil", "lapas-kerobokan", " Rutan-Bangli ", "Lapas Kelas IIA Kerobokan", "lapas-x"]
DAYS = ["2025-03-01", "01/03/2025", " 2025-04-30", "2099-01-01", "31/02/2025", "", "1999-01-01"]
WORDS = ["whatsapp", "WhatsApp", "SP4N-LAPOR!", "", "  ", "surat", "faks"]
CATEGORIES = ["pungli", "Kualitas Layanan", "", "lain-lain-tidak-ada"]
TEXT = ["Antrean panjang", "  baris\ndua  ", "\x07bel", "", "(dirahasiakan)", "=1+1", "dua  spasi "]
NAMES = ["Made", "", "  ", "Ni\tLuh", "x" * 201, "\x01satu", "Wayan ", "I\xa0Made"]
FLAGS = ["ya", "tidak", "", "YA", "mungkin", "1"]
REFS = ["LPR-1", "", "lpr-2 ", "r" * 201]
STATUS = ["", "", "", "", "selesai", "diproses"]

MEDIA = ["online", "website", "Instagram", "", "koran-x"]
URLS = [
    "https://www.balipost.com/a?utm_source=wa",
    "http://balipost.com/a",
    "",
    "bukan url",
    "https://x.id/" + "p" * 2100,
]
COUNTS = ["12", "", "1.200", "-3", "dua", "12.5", "7"]
SENTIMENT = ["positif", "", "Negative", "netral", "senang"]
TITLES = ["Kunjungan Kakanwil", "", "  Dua  spasi ", "t" * 600, "Akhir ", "bel\x07"]

COMPLAINT_HEADER = [
    "satker", "received_on", "channel", "category", "summary", "complainant_name",
    "complainant_contact", "anonymous", "confidential", "external_ref", "status",
]  # fmt: skip
NEWS_HEADER = [
    "satker", "published_on", "title", "media", "outlet", "url", "category", "sentiment",
    "views", "likes", "comments", "shares",
]  # fmt: skip


def _pick(pool: list[str], good: int) -> st.SearchStrategy[str]:
    """Mostly one of the first `good` values of pool, now and then any of them."""
    return st.sampled_from(pool[:good] * 20 + pool)


complaint_rows = st.lists(
    st.tuples(
        _pick(SATKER, 2),
        _pick(DAYS, 2),
        _pick(WORDS, 3),
        _pick(CATEGORIES, 2),
        _pick(TEXT, 2),
        _pick(NAMES, 2),
        _pick(NAMES, 2),
        _pick(FLAGS, 3),
        _pick(FLAGS, 3),
        _pick(REFS, 2),
        _pick(STATUS, 4),
    ),
    min_size=1,
    max_size=12,
)
news_rows = st.lists(
    st.tuples(
        _pick(SATKER, 2),
        _pick(DAYS, 2),
        _pick(TITLES, 1),
        _pick(MEDIA, 2),
        _pick(["Bali Post", "", " @akun "], 2),
        _pick(URLS, 3),
        _pick(["kegiatan", "", "prestasi", "tidak-ada"], 2),
        _pick(SENTIMENT, 2),
        *(_pick(COUNTS, 2) for _ in range(4)),
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture(scope="module")
def ref(new_initialized_db):
    store = open_store(str(new_initialized_db()))
    with store.read() as conn:
        found = load_refdata(conn)
    store.close()
    return found


def _row_by_row(*args):
    return lambda columns, count: None


def _outcome(path: Path, kind: str, ref, *, columns: bool):
    """What reading and checking the file gives (the prepared batch or the refusal), and
    how many batches went row by row."""
    by_row = []
    records = ImportTable.records

    def counted(table, *, today, rows=None):
        by_row.append(rows)
        return records(table, today=today, rows=rows)

    with ExitStack() as stack:
        # Batches of 4, so that a file mixes clean batches and bad ones.
        stack.enter_context(mock.patch.object(importer, "BATCH", 4))
        stack.enter_context(mock.patch.object(ImportTable, "records", counted))
        if not columns:
            stack.enter_context(mock.patch.object(importer, "_batch_preparer", _row_by_row))
        try:
            batch = importer._validated(path, kind, ref, TODAY, None)
        except ImportRejected as exc:
            return ("rejected", exc.message, exc.problems), len(by_row)
        except InvalidInput as exc:
            return ("invalid", exc.message), len(by_row)
    return ("ok", batch.columns, batch.numbers), len(by_row)


def _both_ways(kind: str, header: list[str], rows: list[tuple[str, ...]], ref):
    """Both outcomes; and a file every row of which is fine must go column by column."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        by_column, fallbacks = _outcome(path, kind, ref, columns=True)
        by_row, _ = _outcome(path, kind, ref, columns=False)
    event(by_column[0])
    return by_column, by_row, fallbacks


GOOD_COMPLAINT = (
    "kanwil",
    "2025-03-01",
    "whatsapp",
    "pungli",
    "Aduan",
    "Made",
    "0812",
    "",
    "",
    "",
    "",
)
GOOD_NEWS = ("kanwil", "2025-03-01", "Judul", "online", "Bali Post", "", "", "", "1", "", "", "")


# Both property tests: files are written and read twice per example.
PARITY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with(row: tuple[str, ...], position: int, value: str) -> list[tuple[str, ...]]:
    """A clean batch of two rows, the second with one cell replaced."""
    return [row, (*row[:position], value, *row[position + 1 :])]


@PARITY
@given(complaint_rows)
# A value at a limit's edge or one space too many, in an otherwise clean batch.
@example(_with(GOOD_COMPLAINT, 5, "x" * 201))
@example(_with(GOOD_COMPLAINT, 6, "x" * 200))
@example(_with(GOOD_COMPLAINT, 9, "r" * 101))
@example(_with(GOOD_COMPLAINT, 5, "Wayan "))
@example(_with(GOOD_COMPLAINT, 4, "s" * 10_001))
@example(_with(GOOD_COMPLAINT, 4, "baris\ndua"))
def test_complaints_checked_by_column_end_as_row_by_row(ref, rows):
    by_column, by_row, fallbacks = _both_ways("complaints", COMPLAINT_HEADER, rows, ref)
    assert by_column == by_row
    if by_row[0] == "ok" and not any(row[-1] for row in rows):
        assert fallbacks == 0  # new complaints only (a status restores a record)


@PARITY
@given(news_rows)
@example(_with(GOOD_NEWS, 2, "t" * 1001))
@example(_with(GOOD_NEWS, 2, "t" * 1000))
@example(_with(GOOD_NEWS, 2, "Dua  spasi"))
@example(_with(GOOD_NEWS, 8, "1" * 16))
@example(_with(GOOD_NEWS, 8, "\uff11"))
def test_news_checked_by_column_end_as_row_by_row(ref, rows):
    by_column, by_row, fallbacks = _both_ways("news", NEWS_HEADER, rows, ref)
    assert by_column == by_row
    if by_row[0] == "ok":
        assert fallbacks == 0


def _clean_file(tmp_path: Path) -> Path:
    path = tmp_path / "bersih.csv"
    lines = ["Satker;Tanggal Diterima;Kanal;Ringkasan Pengaduan;Nama Pengadu;Anonim;Rahasia"]
    lines += [f"kanwil;0{1 + i % 9}/03/2025;WhatsApp;Aduan {i};Warga {i};tidak;" for i in range(30)]
    lines += ["rutan-bangli;2025-03-05;;Aduan tanpa nama;;ya;ya"]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    return path


def test_a_clean_file_is_checked_without_a_row_by_row_pass(ref, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a clean batch went row by row")

    monkeypatch.setattr(ImportTable, "records", refuse)
    batch = importer._validated(_clean_file(tmp_path), "complaints", ref, TODAY, None)
    assert batch.numbers == list(range(2, 33))
    last = {name: values[-1] for name, values in batch.columns.items()}
    assert (last["satker"], last["anonymous"], last["confidential"]) == ("rutan-bangli", True, True)
    assert last["complainant_name"] is None and last["status"] == "diterima"


def test_a_bad_row_sends_only_its_batch_row_by_row(ref, tmp_path, monkeypatch):
    path = _clean_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8-sig") + "\nlapas-x;2025-03-05;;Aduan;;;")
    batches = []
    real = ImportTable.records

    def spy(self, *, today, rows=None):
        batches.append([number for number, _ in rows])
        return real(self, today=today, rows=rows)

    monkeypatch.setattr(ImportTable, "records", spy)
    monkeypatch.setattr(importer, "BATCH", 10)
    with pytest.raises(ImportRejected) as caught:
        importer._validated(path, "complaints", ref, TODAY, None)
    assert batches == [list(range(32, 34))]
    assert caught.value.problems == [(33, "Satker", caught.value.problems[0][2])]
    assert "lapas-x" in caught.value.problems[0][2]


# --- a large file read in two parts at once -----------------------------------------------------


def _in_two_parts(path: Path, kind: str, ref, *, parallel: bool):
    """The outcome of reading and checking, and whether a forked child's result was used."""
    used = []
    real = importer.in_child

    @contextmanager
    def watched(work):
        with real(work) as theirs:
            yield lambda: used.append(theirs()) or used[-1]

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(importer, "BATCH", 4))
        stack.enter_context(mock.patch.object(importer, "in_child", watched))
        if parallel:  # any file of this test is large enough
            stack.enter_context(mock.patch.object(importer, "PARALLEL_LINES", 40))
        try:
            batch = importer._validated(path, kind, ref, TODAY, None)
        except ImportRejected as exc:
            outcome = ("rejected", exc.message, exc.problems)
        except InvalidInput as exc:
            outcome = ("invalid", exc.message)
        else:
            outcome = ("ok", batch.columns, batch.numbers)
    return outcome, [result is not None for result in used]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(complaint_rows, st.integers(0, 11))
@example([GOOD_COMPLAINT], 0)
@example([(*GOOD_COMPLAINT[:4], "baris\ndua", *GOOD_COMPLAINT[5:])], 0)
def test_a_file_read_in_two_parts_ends_as_read_in_one(ref, rows, turn):
    """Whatever the rows (cells spanning lines, blank rows, bad rows), reading a large file's
    second part in a forked process changes nothing."""
    many = (rows[turn % len(rows) :] + rows[: turn % len(rows)]) * (1 + 80 // len(rows))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "besar.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([COMPLAINT_HEADER, *many])
        one, _ = _in_two_parts(path, "complaints", ref, parallel=False)
        two, children = _in_two_parts(path, "complaints", ref, parallel=True)
    event(one[0])
    assert two == one
    if one[0] != "invalid":
        assert children == [True]  # the child's part was used, not read again here
