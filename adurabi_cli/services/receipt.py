"""`complaint receipt`: a one-page PDF receipt (tanda terima) for the complainant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from adurabi_cli.db.reference import list_satker
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import today
from adurabi_cli.domain.receipt import receipt_for
from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _
from adurabi_cli.services.complaint_queries import live_complaint
from adurabi_cli.services.outfiles import check_new_file, write_new_file
from adurabi_cli.services.refdata import load_refdata

PAPERS = ("a5", "a4")


def write_receipt(
    store: Store, ref_text: str, out: Path, *, paper: str = "a5", force: bool = False, operator: str
) -> tuple[dict[str, Any], int]:
    """Write the receipt of a complaint to out; the complaint and the PDF's size in bytes."""
    size = paper.strip().lower()
    if size not in PAPERS:
        raise InvalidInput(
            _("--paper must be a5 or a4, not {paper!r}").format(paper=paper), field="paper"
        )
    if out.suffix.lower() != ".pdf":
        raise InvalidInput(
            _("{out} does not end in .pdf; name the receipt FILE.pdf").format(out=out), field="out"
        )
    check_new_file(out, force=force)  # before any work
    day = today()
    with store.read() as conn:
        row = live_complaint(conn, ref_text, day)
        ref = load_refdata(conn)
        kanwil = [s for s in list_satker(conn) if s["kind"] == "kanwil"]
    # The receipt's letterhead: the Kanwil as the registry names it; the unit below it.
    office = kanwil[0]["name"] if kanwil else row["satker_name"]
    receipt = receipt_for(
        row,
        office=office,
        unit=row["satker_name"],
        channel=ref.label("channel", row["channel"]),
        printed_on=day,
        operator=operator,
    )
    from adurabi_cli.pdf.receipt import receipt_pdf

    content = receipt_pdf(receipt, size)
    write_new_file(out, content, force=force)
    return {"number": row["number"], "path": str(out), "paper": size}, len(content)
