"""`adurabi template complaints|news --out FILE.xlsx`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _
from adurabi_cli.render.output import emit_line, message


class TemplateKind(StrEnum):
    complaints = "complaints"
    news = "news"


def template(
    kind: Annotated[TemplateKind, typer.Argument(help="complaints (pengaduan) or news (berita).")],
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="FILE.xlsx", help="Where to write the workbook.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write an Excel entry template that satker fill in offline, then import.

    Drop-down lists for satker, channel, category, media, sentiment and status.
    Date checks, and an instructions sheet in Indonesian. Prints the path written.

    Example: adurabi template complaints --out isian-pengaduan.xlsx
    """
    from adurabi_cli.services.template import write_entry_template

    path = write_entry_template(state().store(read_only=True), kind.value, out, force=force)
    emit_line(str(path))
    message(
        _(
            "Wrote the {value} template. Fill in its sheet, then check "
            "it with: adurabi import {value} {path} --dry-run"
        ).format(value=kind.value, path=path)
    )
