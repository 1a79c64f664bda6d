"""`adurabi complaint attach|files|file-get|file-remove`: a complaint's evidence files."""

from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.complaint_views import FILE_COLUMNS
from adurabi_cli.cli.options import CsvOpt, JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.i18n import _, readable
from adurabi_cli.render.output import emit_json, emit_line, emit_rows, message, output_format

RefArg = Annotated[
    str, typer.Argument(metavar="REF", help="Complaint id or number (PGD-YYYY-NNNNN).")
]
NameArg = Annotated[
    str, typer.Argument(metavar="NAME", help="The file's name as `complaint files` lists it.")
]


def attach(
    ref: RefArg,
    paths: Annotated[
        list[str],
        typer.Argument(metavar="FILE...", help="Files to attach (letters, photos, PDFs)."),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Attach evidence files to a complaint, stored in the database (all of them or none).

    Each file at most max_file_mb (default 10 MB); the same content or the same name twice
    on one complaint is refused.

    Example: adurabi complaint attach PGD-2025-00042 surat-pengaduan.pdf foto-loket.jpg
    """
    from adurabi_cli.services.complaint_files import attach_files

    app_state = state()
    number, added = attach_files(app_state.store(), ref, paths, app_state.operator)
    if as_json:
        emit_json({"number": number, "files": added})
        return
    for item in added:
        message(
            _("Attached {value} ({value2} bytes) to {number}.").format(
                value=item["name"], value2=readable(item["size"]), number=number
            )
        )


def files(ref: RefArg, as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """List a complaint's evidence files: name, type, size, SHA-256, when and by whom.

    Example: adurabi complaint files PGD-2025-00042
    """
    from adurabi_cli.services.complaint_files import list_files

    fmt = output_format(as_json, as_csv)
    number, found = list_files(state().store(read_only=True), ref)
    emit_rows(found, FILE_COLUMNS, fmt, title=f"Berkas bukti {number}", empty=_("no files"))


def file_get(
    ref: RefArg,
    name: NameArg,
    out: Annotated[
        Path,
        typer.Option(
            "--out", metavar="PATH", help="Where to write it (a folder: under its own name)."
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
) -> None:
    """Write a stored evidence file to disk, checked against its SHA-256.

    Example: adurabi complaint file-get PGD-2025-00042 foto-loket.jpg --out ~/unduhan/
    """
    from adurabi_cli.services.complaint_files import save_file

    stored, path = save_file(state().store(read_only=True), ref, name, out, force=force)
    emit_line(str(path))
    message(
        _("Wrote {value} ({value2} bytes) to {path}.").format(
            value=stored["name"], value2=readable(stored["size"]), path=path
        )
    )


def file_remove(
    ref: RefArg,
    name: NameArg,
    note: Annotated[str, typer.Option("--note", help="Why it is removed (required; kept).")],
) -> None:
    """Remove an evidence file; its name, SHA-256 and the reason stay in the history.

    Example: adurabi complaint file-remove PGD-2025-00042 foto-salah.jpg --note "Salah unggah"
    """
    from adurabi_cli.services.complaint_files import remove_file

    app_state = state()
    number, stored = remove_file(app_state.store(), ref, name, note, app_state.operator)
    message(
        _("Removed {value} from {number}; the history keeps its name and hash.").format(
            value=stored["name"], number=number
        )
    )


def register(complaint_app: typer.Typer) -> None:
    complaint_app.command("attach")(attach)
    complaint_app.command("files")(files)
    complaint_app.command("file-get")(file_get)
    complaint_app.command("file-remove")(file_remove)
