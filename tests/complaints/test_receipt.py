"""`complaint receipt`: a one-page PDF receipt, read back as text."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader

from adurabi_cli.domain.dates import long_date_id
from adurabi_cli.pdf.receipt import latin1
from tests.complaints.helpers import refused

A5 = (419.53, 595.28)  # points
A4 = (595.28, 841.89)


def read_pdf(path) -> tuple[str, list[tuple[float, float]]]:
    """The text of the PDF (spaces collapsed) and each page's size in points."""
    reader = PdfReader(path)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    sizes = [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in reader.pages
    ]
    return text, sizes


def test_a_receipt_names_the_office_number_dates_status_and_how_to_ask(cli, add, tmp_path):
    number = add(
        "--received", "2025-04-21", "--channel", "langsung", "--complainant", "Ni Luh Putu",
        "--contact", "0812-3456-7890", summary="Petugas loket meminta uang – saat kunjungan",
    )  # fmt: skip
    out = tmp_path / "tanda-terima.pdf"
    result = cli("complaint", "receipt", number, "--out", out)
    assert result.stdout == f"{out}\n"
    assert f"Wrote the receipt of {number} (A5, " in result.stderr
    text, sizes = read_pdf(out)
    assert sizes == [A5]
    due = cli.json("complaint", "show", number)["due_on"]
    for expected in (
        "KANTOR WILAYAH KEMENTERIAN HUKUM DAN HAM BALI",
        "Lembaga Pemasyarakatan Kelas IIA Kerobokan",
        "TANDA TERIMA PENGADUAN",
        f"Nomor pengaduan : {number}",
        "Tanggal diterima : 21 April 2025",
        f"Batas waktu tindak lanjut : {long_date_id(date.fromisoformat(due))}",
        "Status : Diterima",
        "Nama pelapor : Ni Luh Putu",
        "Petugas loket meminta uang - saat kunjungan",
        f"dengan menyebutkan nomor pengaduan {number}",
        "Dicetak 30 April 2025 oleh tester",
    ):
        assert expected in text, (expected, text)
    assert "0812" not in text  # the contact never


def test_a_confidential_or_anonymous_complaint_keeps_its_secrets(cli, add, tmp_path):
    secret = add(
        "--confidential", "--complainant", "Made Rahasia", "--contact", "made@contoh.id",
        summary="Dugaan pungli oleh oknum petugas blok C",
    )  # fmt: skip
    anonymous = add("--anonymous", summary="Antrean panjang")
    cli("complaint", "receipt", secret, "--out", tmp_path / "a.pdf", "--paper", "a4")
    text, sizes = read_pdf(tmp_path / "a.pdf")
    assert sizes == [A4]
    assert "Pokok pengaduan : (dirahasiakan)" in text
    assert "Nama pelapor : (dirahasiakan)" in text
    for secret_text in ("Made", "Rahasia", "pungli", "blok C", "made@contoh.id"):
        assert secret_text not in text
    cli("complaint", "receipt", anonymous, "--out", tmp_path / "b.pdf")
    text, _ = read_pdf(tmp_path / "b.pdf")
    assert "Nama pelapor : (anonim)" in text
    assert "Antrean panjang" in text


def test_a_long_summary_is_cut_and_the_receipt_stays_one_page(cli, add, tmp_path):
    number = add(summary="Keluhan panjang " * 400)
    cli("complaint", "receipt", number, "--out", tmp_path / "r.pdf")
    text, sizes = read_pdf(tmp_path / "r.pdf")
    assert len(sizes) == 1
    assert "…" not in text and "..." in text  # the core font's ellipsis
    assert "Dicetak" in text


def test_an_existing_file_is_overwritten_only_with_force(cli, add, tmp_path):
    number = add()
    out = tmp_path / "r.pdf"
    out.write_bytes(b"lama")
    assert "already exists; give --force" in refused(
        cli, "complaint", "receipt", number, "--out", out
    )
    assert out.read_bytes() == b"lama"
    cli("complaint", "receipt", number, "--out", out, "--force")
    assert read_pdf(out)[0].count(number) >= 2


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("PGD-2025-09999", "--out", "{tmp}/r.pdf"), "no complaint PGD-2025-09999"),
        (("{n}", "--out", "{tmp}/r.pdf", "--paper", "a3"), "--paper must be a5 or a4"),
        (("{n}", "--out", "{tmp}/r.txt"), "does not end in .pdf"),
        (("{n}", "--out", "{tmp}/tidak-ada/r.pdf"), "does not exist"),
        (("{deleted}", "--out", "{tmp}/r.pdf"), "was deleted"),
    ],
)
def test_bad_receipts_write_nothing(cli, add, tmp_path, args, reason):
    number = add()
    deleted = add(summary="Dobel")
    cli("complaint", "delete", deleted, "--note", "Dobel")
    out = tmp_path / "keluar"
    out.mkdir()
    values = {"n": number, "deleted": deleted, "tmp": out}
    line = refused(cli, "complaint", "receipt", *(a.format(**values) for a in args))
    assert reason in line
    assert list(out.iterdir()) == []


def test_long_dates_and_latin1_text():
    assert long_date_id(date(2026, 12, 5)) == "5 Desember 2026"
    assert long_date_id(date(2025, 1, 31)) == "31 Januari 2025"
    assert latin1("Kuta – “Bali” … café") == 'Kuta - "Bali" ... café'
    assert latin1("Łukasz Đ ǅ 東京 ñ") == "?ukasz ? Dz ?? ñ"
