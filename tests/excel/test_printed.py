"""The workbooks as a spreadsheet program prints them: LibreOffice converts each kind (the
Kanwil recap, a satker's, an empty month's, both entry templates) to PDF, and the pages' text
(`pdftotext -layout`) and word boxes (`pdftotext -bbox`) show every header label, the footer
and the signature block whole, long web addresses shortened to their column; the templates'
drop-downs survive LibreOffice saving them, and a recap it saves imports its addresses whole.

Text that a cell clips is still in the PDF's text, hidden by a clipping path: so "whole" is
judged from the words' boxes. A row too short for its wrapped text prints its last lines
over the next row, and text too long for its column runs under the next column's: either way
two words' boxes overlap. The footer must lie inside the bottom margin, below everything.

Skipped where soffice or pdftotext is missing (`.ci/office-tools` installs them in CI). All
conversions happen in one module-scoped fixture: LibreOffice takes seconds to start.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from adurabi_cli.domain.letterhead import BLANK_NAME, BLANK_NIP
from adurabi_cli.domain.print_layout import short_url
from adurabi_cli.domain.vocab import DEFAULT_VOCAB, SENTIMENTS
from adurabi_cli.excel.columns import NEWS as NEWS_KIND
from adurabi_cli.excel.columns import SHEET_NAMES, export_columns
from adurabi_cli.excel.reader import read_table
from adurabi_cli.excel.recap_writer import (
    COMPLIANCE_COLUMNS,
    SUMMARY_COLUMNS,
    write_kanwil_recap,
    write_satker_recap,
)
from adurabi_cli.excel.template_writer import VALIDATED_ROWS, TemplateLists, write_template
from adurabi_cli.excel.workbook import MARGINS
from tests.excel.test_recap_writer import AT, COMPLAINTS, EMPTY_RECAP, NEWS, RECAP

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed; see .ci/office-tools",
)

KANWIL, SATKER, EMPTY = "kanwil", "satker", "empty"
TEMPLATES = ("complaints", "news")
SIGNATURE = ["Denpasar, 1 April 2025", "Kepala Kantor Wilayah", BLANK_NAME, BLANK_NIP]
TODAY = date(2025, 4, 30)
LONG_NAME = "Lembaga Pemasyarakatan Perempuan Kelas IIA Kerobokan Kabupaten Badung Provinsi Bali"
LONG_URLS = (
    "https://www.balipost.com/news/2025/03/05/kanwil-kemenkumham-bali-gelar-rakor?utm_source=fb",
    "https://bali.tribunnews.com/2025/03/07/berita/a/b/c/d/e/f/g/h/i/j/k#komentar",
)
# Words may touch, and lines set tight overlap a little; text printed over other text
# overlaps more than this share of a line's height (and a point across).
SLACK = 1.0
LINE_SHARE = 0.3


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    text: str = ""


def _recap() -> dict:
    """The tests' recap with every column filled and a satker name that wraps."""
    recap = copy.deepcopy(RECAP)
    for item in recap["satker"]:
        item["complaints"]["response_days_avg"] = 2.5
    recap["satker"][1]["name"] = LONG_NAME
    return recap


def _complaints() -> list[dict]:
    """Enough rows for a second page, summaries and follow-ups that wrap."""
    rows = []
    for n in range(60):
        row = dict(COMPLAINTS[n % 2], number=f"PGD-2025-{n + 1:05d}")
        if n % 3 == 0:
            row["summary"] = "Pengadu menyampaikan bahwa antrean kunjungan " * (1 + n % 4)
            row["resolution"] = "Petugas telah dibina dan pengadu telah dihubungi kembali " * 2
        rows.append(row)
    return rows


def _news() -> list[dict]:
    """The tests' news and two with addresses far longer than their column."""
    return [
        *NEWS,
        *(dict(NEWS[0], url=url, title=f"Berita {n}") for n, url in enumerate(LONG_URLS)),
    ]


def _lists() -> TemplateLists:
    choices = {kind: [(t.slug, t.label) for t in terms] for kind, terms in DEFAULT_VOCAB.items()}
    choices["status"] = [(s, s.capitalize()) for s in ("diterima", "diproses", "selesai")]
    choices["sentiment"] = [(s, s.capitalize()) for s in SENTIMENTS]
    satker = [(e["code"], e["name"]) for e in _recap()["satker"]]
    return TemplateLists(satker=satker, choices=choices)


def _books(folder: Path) -> dict[str, Path]:
    books = {
        KANWIL: write_kanwil_recap(
            folder / f"{KANWIL}.xlsx", _recap(), _complaints(), _news(), generated_at=AT
        ),
        SATKER: write_satker_recap(
            folder / f"{SATKER}.xlsx",
            _recap(),
            "kanwil",
            _complaints()[::2],
            NEWS[:1],
            generated_at=AT,
        ),
        EMPTY: write_kanwil_recap(folder / f"{EMPTY}.xlsx", EMPTY_RECAP, [], [], generated_at=AT),
    }
    for kind in TEMPLATES:
        books[kind] = write_template(folder / f"{kind}.xlsx", kind, _lists(), generated_at=AT)
    return books


def _soffice(profile: Path, target: str, out: Path, files: list[Path]) -> None:
    """One LibreOffice run converting files; its own profile, so parallel runs never meet."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def _pages(pdf: Path) -> list[Page]:
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    texts = layout.split("\f")
    for number, match in enumerate(_PAGE.finditer(boxes), 1):
        page = Page(number, float(match.group(1)), float(match.group(2)), text=texts[number - 1])
        for word in _WORD.finditer(match.group(3)):
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            page.words.append((x0, y0, x1, y1, word.group(5)))
        pages.append(page)
    return pages


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Any]:
    """Every kind of workbook printed to PDF, and the templates saved again by LibreOffice."""
    folder = tmp_path_factory.mktemp("printed")
    books = _books(folder)
    _soffice(folder / "profile", "pdf", folder / "pdf", list(books.values()))
    # A second run (another --convert-to), started warm: the templates and the Kanwil recap
    # saved as .xlsx again.
    saved = [books[k] for k in (*TEMPLATES, KANWIL)]
    _soffice(folder / "profile", "xlsx", folder / "saved", saved)
    pages = {name: _pages(folder / "pdf" / f"{name}.pdf") for name in books}
    return {"folder": folder, "books": books, **pages}


def _sheet_pages(pages: list[Page], sheet: str) -> list[Page]:
    """The pages of one sheet, named at the left of their footer."""
    return [p for p in pages if re.search(rf"^{re.escape(sheet)}\s+Halaman ", p.text, re.M)]


def _overlaps(page: Page) -> list[tuple[str, str]]:
    words = sorted(page.words, key=lambda w: w[1])
    found = []
    for i, (ax0, ay0, ax1, ay1, a) in enumerate(words):
        for bx0, by0, bx1, by1, b in words[i + 1 :]:
            if by0 >= ay1 - SLACK:
                break
            line = LINE_SHARE * min(ay1 - ay0, by1 - by0)
            if min(ax1, bx1) - max(ax0, bx0) > SLACK and min(ay1, by1) - max(ay0, by0) > line:
                found.append((a, b))
    return found


@pytest.mark.parametrize("name", [KANWIL, SATKER, EMPTY, *TEMPLATES])
def test_no_printed_text_runs_into_other_text(printed, name):
    """Wrapped rows tall enough, header labels whole, no text cut at a column's edge."""
    for page in printed[name]:
        assert _overlaps(page) == [], f"{name}.pdf page {page.number}"


@pytest.mark.parametrize("name", [KANWIL, SATKER, EMPTY, *TEMPLATES])
def test_every_page_has_a_whole_footer_inside_the_bottom_margin(printed, name):
    pages = printed[name]
    margin = MARGINS.bottom * 72
    for page in pages:
        assert re.search(rf"Halaman {page.number} dari {len(pages)}\b", page.text), page.number
        # The footer's line: the last "Halaman" of the page and the words beside it.
        top = max(w[1] for w in page.words if w[4] == "Halaman")
        footer = sorted((w for w in page.words if abs(w[1] - top) < SLACK), key=lambda w: w[0])
        body = [w for w in page.words if w not in footer]
        assert [w[4] for w in footer][-5:] == [
            "Halaman", str(page.number), "dari", str(len(pages)), "adurabi"
        ]  # fmt: skip
        # Between the bottom margin's top and the footer margin: a footer area too low for
        # its line (footer 0.5" in a 0.6" margin) prints it cut in half, its text still there.
        lowest = page.height - MARGINS.footer * 72 + 2 * SLACK
        assert all(page.height - margin <= w[1] and w[3] <= lowest for w in footer)
        assert all(w[3] <= top for w in body), page.number


def _words(text: str) -> set[str]:
    """The words of text, a hyphenated word in its parts (a wrapped label breaks there)."""
    return {part for part in re.split(r"\s+|(?<=-)", text) if part}


@pytest.mark.parametrize(
    ("name", "sheet", "headers"),
    [
        (KANWIL, "Ringkasan", [c.header for c in SUMMARY_COLUMNS]),
        (KANWIL, "Kepatuhan", [c.header for c in COMPLIANCE_COLUMNS]),
        (KANWIL, "Pengaduan", ["Nomor Pengaduan", "Ringkasan Pengaduan", "Tindak Lanjut"]),
        (KANWIL, "Berita", ["Tanggal Terbit", "Nama Media/Akun", "Dilihat", "Dibagikan"]),
        (SATKER, "Ringkasan", [c.header for c in SUMMARY_COLUMNS]),
        (EMPTY, "Ringkasan", [c.header for c in SUMMARY_COLUMNS]),
        ("complaints", "Pengaduan", ["Tanggal Diterima", "Nomor SP4N-LAPOR!/Referensi"]),
        ("news", "Berita", ["Tanggal Terbit", "Nama Media/Akun", "Tautan"]),
    ],
)
def test_header_labels_print_on_every_page_of_their_sheet(printed, name, sheet, headers):
    pages = _sheet_pages(printed[name], sheet)
    assert pages, f"no page of {sheet} in {name}.pdf"
    for page in pages:
        missing = [h for h in headers if not _words(h) <= _words(page.text)]
        assert missing == [], f"{name}.pdf page {page.number}"
    if (name, sheet) == (KANWIL, "Pengaduan"):
        assert len(pages) >= 2  # so the repeated header row is seen on a later page


def test_a_long_web_address_prints_shortened_and_whole(printed):
    """Shown as one line of its column (the link keeps it whole): a word of the page, which
    runs under no other word (the test above)."""
    (width,) = [c.width for c in export_columns(NEWS_KIND) if c.field == "url"]
    words = {w[4] for page in _sheet_pages(printed[KANWIL], "Berita") for w in page.words}
    shown = [short_url(url, width) for url in LONG_URLS]
    assert shown == ["balipost.com/…bali-gelar-rakor", "bali.tribunnews.com/…/d/e/f/g/h/i/j/k"]
    assert set(shown) <= words


def test_a_recap_saved_again_by_libreoffice_imports_its_addresses_whole(printed):
    """LibreOffice keeps the links (a fragment stored apart): import reads them whole."""
    _, rows = read_table(printed["folder"] / "saved" / f"{KANWIL}.xlsx", "news", today=TODAY)
    assert [row.values["url"] for row in rows] == [item["url"] for item in _news()]


@pytest.mark.parametrize("kind", TEMPLATES)
def test_a_template_prints_its_drawn_form_not_its_checked_rows(printed, kind):
    """The entry sheet prints the rows drawn as a form, not the blank rows down to the end
    mark of the checked ones."""
    pages = _sheet_pages(printed[kind], SHEET_NAMES[kind])
    assert 1 <= len(pages) <= 3, len(pages)


@pytest.mark.parametrize("name", [KANWIL, SATKER, EMPTY])
def test_the_letterhead_and_the_signature_block_print_whole(printed, name):
    pages = printed[name]
    first = pages[0].text.lstrip().splitlines()
    assert first[:2] == [
        "KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA",
        "KANTOR WILAYAH BALI",
    ]
    signed = [p for p in pages if SIGNATURE[0] in p.text]
    assert len(signed) == 1, name
    lines = [line.strip() for line in signed[0].text.splitlines() if line.strip()]
    start = lines.index(SIGNATURE[0])
    assert lines[start : start + 4] == SIGNATURE
    assert _sheet_pages(pages, "Ringkasan")[-1] is signed[0]


def _validations(path: Path, sheet: str) -> dict[str, tuple[str, str, int]]:
    """Column -> (type, formula, last row) of each validation of the sheet."""
    ws = openpyxl.load_workbook(path)[sheet]
    found = {}
    for v in ws.data_validations.dataValidation:
        (cells,) = v.sqref.ranges
        assert (cells.min_col, cells.min_row) == (cells.max_col, 2)
        found[cells.coord.split(":")[0][:-1]] = (
            v.type,
            (v.formula1 or "").replace("'", ""),
            cells.max_row,
        )
    return found


@pytest.mark.parametrize(("kind", "sheet"), [("complaints", "Pengaduan"), ("news", "Berita")])
def test_template_drop_downs_survive_a_save_by_libreoffice(printed, kind, sheet):
    ours = _validations(printed["books"][kind], sheet)
    saved = _validations(printed["folder"] / "saved" / f"{kind}.xlsx", sheet)
    assert any(kind == "list" for kind, _, _ in ours.values())
    assert {c: v[:2] for c, v in saved.items()} == {c: v[:2] for c, v in ours.items()}
    # Every entry row keeps its checks: LibreOffice saves them only down to 1,000 rows below
    # the last cell holding something, which the end mark on the last checked row is.
    assert {v[2] for v in ours.values()} == {VALIDATED_ROWS + 1}
    assert {v[2] for v in saved.values()} == {VALIDATED_ROWS + 1}
    lists = openpyxl.load_workbook(printed["folder"] / "saved" / f"{kind}.xlsx")["Daftar"]
    assert lists.sheet_state == "hidden" and lists["A2"].value == "kanwil"
