"""A database holding March 2025 in all its forms, and helpers to read written workbooks.

Today is pinned to 2025-04-30, so `previous` is March 2025. Rows go in through the same
services the import uses (prepare + bulk insert), deletes and nil reports through the CLI.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from adurabi_cli.db.store import open_store
from adurabi_cli.services.complaints import insert_complaints, prepare_complaint
from adurabi_cli.services.news import insert_news, prepare_news
from adurabi_cli.services.refdata import load_refdata
from tests.conftest import TODAY
from tests.dbtarget import rows

MONTH = "2025-03"

PERSONAL = ("Made Sudarsana", "081234567890", "Ketut Ari Wibawa", "ketut.ari@example.com")
SECRET = "Petugas blok C meminta uang saat kunjungan keluarga"

COMPLAINTS: list[dict[str, Any]] = [
    # Received in March, confidential, closed in March.
    {
        "satker": "lapas-kerobokan",
        "received_on": "03/03/2025",
        "channel": "whatsapp",
        "category": "pungli",
        "summary": SECRET,
        "complainant_name": PERSONAL[0],
        "complainant_contact": PERSONAL[1],
        "confidential": "ya",
        "external_ref": "LPR-2025-0001",
        "status": "selesai",
        "resolved_on": "2025-03-14",
        "resolution": "Petugas dibina dan diberi sanksi",
    },
    # Received in March, open and overdue at the end of March; a formula-looking summary.
    {
        "satker": "lapas-kerobokan",
        "received_on": "2025-03-10",
        "channel": "email",
        "category": "prosedur",
        "summary": '=HYPERLINK("http://evil.example/x","klik")',
        "complainant_name": PERSONAL[2],
        "complainant_contact": PERSONAL[3],
        "status": "diproses",
    },
    # Received in February, still open: carried into March (overdue since 5 March).
    {
        "satker": "rutan-bangli",
        "received_on": "2025-02-12",
        "channel": "langsung",
        "category": "kualitas-layanan",
        "summary": "+1 antrean kunjungan terlalu panjang",
        "anonymous": "ya",
    },
    # Received in March, open, extended.
    {
        "satker": "kanwil",
        "received_on": "2025-03-20",
        "channel": "sp4n-lapor",
        "category": "permintaan-informasi",
        "summary": "-1 informasi remisi tidak jelas",
        "complainant_name": "Wayan Sudira",
        "status": "diverifikasi",
        "extended": "ya",
    },
    # Received in February, closed only in April: open at the end of March.
    {
        "satker": "kanwil",
        "received_on": "2025-02-20",
        "channel": "telepon",
        "category": "aspirasi",
        "summary": "Usul jam kunjungan sore",
        "status": "ditolak",
        "resolved_on": "2025-04-02",
        "resolution": "Bukan kewenangan satker",
    },
    # Received and closed in March, forwarded.
    {
        "satker": "kanim-denpasar",
        "received_on": "2025-03-05",
        "channel": "website",
        "category": "lainnya",
        "summary": "@x paspor belum terbit",
        "status": "dialihkan",
        "resolved_on": "2025-03-06",
        "resolution": "Dialihkan ke Ombudsman RI Perwakilan Bali",
    },
    # Not in March: closed in February, and one received in April.
    {
        "satker": "kanwil",
        "received_on": "2025-01-06",
        "summary": "Keluhan lama yang sudah selesai",
        "status": "selesai",
        "resolved_on": "2025-02-10",
        "resolution": "Sudah dijawab",
    },
    {"satker": "kanim-denpasar", "received_on": "2025-04-02", "summary": "Antrean April"},
    # Deleted below, and one of a satker deactivated below: neither is exported.
    {"satker": "kanwil", "received_on": "2025-03-25", "summary": "Tercatat dua kali"},
    {"satker": "rutan-negara", "received_on": "2025-03-11", "summary": "Satker nonaktif"},
]

NEWS: list[dict[str, Any]] = [
    {
        "satker": "kanwil",
        "published_on": "2025-03-05",
        "title": "Kanwil gelar rapat koordinasi pengaduan",
        "media": "online",
        "outlet": "Bali Post",
        "url": "https://www.balipost.com/news/2025/03/05/rakor?utm_source=fb",
        "sentiment": "positif",
        "views": "120",
        "likes": "14",
        "shares": "2",
    },
    {
        "satker": "lapas-kerobokan",
        "published_on": "2025-03-06",
        "title": "+ Klarifikasi isu pungli",
        "media": "instagram",
        "outlet": "@lapaskerobokan",
        "category": "klarifikasi",
        "views": "300",
        "comments": "5",
    },
    {
        "satker": "rutan-bangli",
        "published_on": "2025-03-31",
        "title": "=1+1 bakti sosial",
        "media": "website",
        "url": "https://rutanbangli.kemenkumham.go.id/berita/1",
        "sentiment": "netral",
    },
    {"satker": "kanwil", "published_on": "2025-04-01", "title": "Berita April", "media": "x"},
    {"satker": "kanwil", "published_on": "2025-02-28", "title": "Berita Februari", "media": "x"},
    {"satker": "rutan-negara", "published_on": "2025-03-12", "title": "Nonaktif", "media": "x"},
]


def seed(db_path: Path) -> None:
    """The rows above, through prepare + bulk insert, as an import stores them."""
    today = date.fromisoformat(TODAY)
    store = open_store(str(db_path))
    try:
        with store.write() as conn:
            ref = load_refdata(conn)
            rows = [prepare_complaint(ref, raw, today=today, imported=True) for raw in COMPLAINTS]
            insert_complaints(conn, ref, rows, "seed")
            insert_news(conn, ref, [prepare_news(ref, raw, today=today) for raw in NEWS], "seed")
    finally:
        store.close()


@pytest.fixture
def seeded(cli, initialized) -> Path:
    seed(initialized)
    cli("complaint", "delete", "PGD-2025-00009", "--note", "Tercatat dua kali")
    cli("complaint", "nil", "--satker", "kanim-singaraja", "--month", MONTH)
    cli("satker", "update", "rutan-negara", "--inactive")
    return initialized


# --- reading workbooks ---------------------------------------------------------------------


def table_of(ws: Any, first_header: str) -> tuple[int, list[str], list[dict[str, Any]]]:
    """(header row, headers, data rows as dicts) of the main table of a sheet; the data rows
    end at the totals row (`Jumlah`) or the first blank row."""
    header = None
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first_header:
            header = row[0].row
            break
    assert header is not None, f"no header {first_header!r} in {ws.title}"
    headers = [c.value for c in ws[header] if c.value is not None]
    rows = []
    for values in ws.iter_rows(min_row=header + 1, max_col=len(headers), values_only=True):
        if values[0] in (None, "Jumlah"):
            break
        rows.append(dict(zip(headers, values, strict=True)))
    return header, headers, rows


def totals_of(ws: Any, first_header: str) -> dict[str, Any]:
    header, headers, rows = table_of(ws, first_header)
    values = [c.value for c in ws[header + len(rows) + 1]][: len(headers)]
    assert values[0] == "Jumlah", values
    return dict(zip(headers, values, strict=True))


def every_cell_text(path: Path) -> list[str]:
    """Every non-empty cell of every sheet, as text."""
    wb = openpyxl.load_workbook(path)
    return [str(cell.value) for ws in wb for row in ws.iter_rows() for cell in row if cell.value]


def db_rows(db_path: Path, sql: str) -> list[tuple]:
    return [tuple(row.values()) for row in rows(db_path, sql)]


def snapshot(db_path: Path) -> dict[str, list[tuple]]:
    """Every table an import may write, to show a refused one wrote nothing."""
    tables = ("complaint", "news", "history", "nil_report", "number_sequence")
    return {t: db_rows(db_path, f"SELECT * FROM {t} ORDER BY 1") for t in tables}
