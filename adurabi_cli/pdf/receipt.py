"""A complaint's receipt (tanda terima) as one A5 or A4 page, written with fpdf2.

fpdf2's built-in Helvetica needs no font file but holds Latin-1 only: other characters are
written as their closest Latin-1 letters, or '?' (domain text may hold any).
"""

from __future__ import annotations

import unicodedata

from fpdf import FPDF

from adurabi_cli.domain.receipt import Receipt

# Page sizes in millimetres, given as numbers: fpdf2 2.8 warns about its own "a5" name.
PAPERS = {"a5": (148.0, 210.0), "a4": (210.0, 297.0)}
# After a block of text, go on at the left margin of the next line.
NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}
_PUNCTUATION = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"}
)


def latin1(text: str) -> str:
    """Text the core font can draw: Latin-1 kept, other letters without their accents, and
    what has no Latin-1 form as '?'."""
    text = text.translate(_PUNCTUATION)
    if all(ord(ch) < 256 for ch in text):
        return text
    kept = []
    for ch in text:
        if ord(ch) < 256:
            kept.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(b for b in base if ord(b) < 256 and not unicodedata.combining(b))
        kept.append(base or "?")
    return "".join(kept)


def receipt_pdf(receipt: Receipt, paper: str = "a5") -> bytes:
    """The receipt as the bytes of a one-page PDF."""
    width, height = PAPERS[paper]
    scale = 1.0 if paper == "a5" else 1.25
    pdf = FPDF(orientation="portrait", unit="mm", format=(width, height))
    pdf.set_title(latin1(f"{receipt.title} {receipt.rows[0][1]}"))
    pdf.set_creator("adurabi")
    pdf.set_margins(14 * scale, 14 * scale, 14 * scale)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    full = pdf.epw

    def line(text: str, size: float, style: str = "", height_mm: float = 6.0) -> None:
        pdf.set_font("helvetica", style, size * scale)
        pdf.multi_cell(full, height_mm * scale, latin1(text), align="C", **NEXT_LINE)

    line(receipt.office.upper(), 11, "B")
    if receipt.unit:
        line(receipt.unit, 10)
    pdf.ln(2 * scale)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + full, pdf.get_y())
    pdf.ln(5 * scale)
    line(receipt.title, 14, "B", 8)
    pdf.ln(4 * scale)
    label_width = 46 * scale
    for label, value in receipt.rows:
        pdf.set_font("helvetica", "B", 9.5 * scale)
        top = pdf.get_y()
        pdf.multi_cell(label_width, 5.5 * scale, latin1(label), align="L")
        pdf.set_xy(pdf.l_margin + label_width, top)
        pdf.set_font("helvetica", "", 9.5 * scale)
        pdf.multi_cell(
            full - label_width, 5.5 * scale, latin1(f": {value}"), align="L", **NEXT_LINE
        )
        pdf.set_y(max(pdf.get_y(), top + 5.5 * scale) + 1.5 * scale)
    pdf.ln(4 * scale)
    pdf.set_font("helvetica", "", 9.5 * scale)
    for paragraph in receipt.paragraphs:
        pdf.multi_cell(full, 5.5 * scale, latin1(paragraph), align="L", **NEXT_LINE)
        pdf.ln(2 * scale)
    pdf.set_y(height - 14 * scale - 6 * scale)
    pdf.set_font("helvetica", "I", 8 * scale)
    pdf.multi_cell(full, 5 * scale, latin1(receipt.footer), align="R", **NEXT_LINE)
    return bytes(pdf.output())
