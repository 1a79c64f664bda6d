"""`adurabi template`: the entry workbook a satker fills in offline, then imports."""

from __future__ import annotations

from pathlib import Path

from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, office_time
from adurabi_cli.domain.status import STATUS_LABELS, STATUSES
from adurabi_cli.domain.vocab import SENTIMENTS
from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.columns import columns_for
from adurabi_cli.excel.saving import check_output_folder
from adurabi_cli.excel.template_writer import TemplateLists, write_template
from adurabi_cli.i18n import _
from adurabi_cli.services.refdata import RefData, load_refdata

VOCAB_CHOICES = ("channel", "category", "media", "news_category")


def write_entry_template(store: Store, kind: str, out: Path, *, force: bool = False) -> Path:
    """Write the template for `complaints` or `news` to out; refuse to replace a file
    unless force. The drop-downs hold the database's active satker and vocabulary."""
    columns_for(kind)
    out = Path(out)
    if out.is_dir():
        raise InvalidInput(
            _("{out} is a folder; give a file name such as {value}").format(
                out=out, value=out / "isian.xlsx"
            )
        )
    if out.suffix.lower() != ".xlsx":
        raise InvalidInput(
            _("the template is an Excel workbook; name it *.xlsx (got {name})").format(
                name=out.name
            )
        )
    if out.exists() and not force:
        raise InvalidInput(_("{out} already exists; use --force to replace it").format(out=out))
    check_output_folder(out.parent)
    with store.read() as conn:
        ref = load_refdata(conn)
    generated_at = office_time(now(), ref.zone)
    return write_template(out, kind, template_lists(ref), generated_at=generated_at)


def template_lists(ref: RefData) -> TemplateLists:
    """Drop-down values from the reference data: active satker, vocabularies, workflow."""
    choices = {
        kind: [(slug, ref.label(kind, slug)) for slug in ref.vocab.get(kind, [])]
        for kind in VOCAB_CHOICES
    }
    choices["status"] = [(slug, STATUS_LABELS[slug]) for slug in STATUSES]
    choices["sentiment"] = [(slug, slug.capitalize()) for slug in SENTIMENTS]
    satker = [(code, s["name"]) for code, s in ref.satker.items() if s["active"]]
    return TemplateLists(satker=satker, choices=choices)
