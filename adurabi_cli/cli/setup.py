"""`adurabi init` and `adurabi info`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt
from adurabi_cli.cli.state import state
from adurabi_cli.errors import StorageError
from adurabi_cli.i18n import N_, _
from adurabi_cli.render.output import emit_json, emit_record, message, output_format


def init(
    satker_file: Annotated[
        Path | None,
        typer.Option(
            "--satker-file", help="CSV with code,name,kind to seed instead of the 2024 list."
        ),
    ] = None,
) -> None:
    """Create or upgrade the database and seed satker and vocabulary (safe to rerun).

    Example: adurabi --db /srv/humas/adurabi.db init
    """
    from adurabi_cli.services.setup import init_database

    app_state = state()
    result = init_database(
        app_state.db_target, satker_file, make_folder=app_state.db_source == "default"
    )
    if result.created:
        message(
            _("Created the database at {location} (schema {schema_version}).").format(
                location=result.location, schema_version=result.schema_version
            )
        )
    for name in result.upgraded:
        message(_("Upgraded the schema: {name}.").format(name=name))
    if result.satker_added:
        message(_("Added {value} satker.").format(value=len(result.satker_added)))
    if result.vocab_added:
        message(_("Added {vocab_added} vocabulary terms.").format(vocab_added=result.vocab_added))
    if result.holiday_years_added:
        years = result.holiday_years_added
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else f"{years[0]}"
        message(
            _("Menyimpan hari libur nasional untuk {value} tahun ({span}).").format(
                value=len(years), span=span
            )
        )
    if not result.changed:
        message(
            _("Nothing to do: the database at {location} is up to date.").format(
                location=result.location
            )
        )


INFO_LABELS = (
    ("location", N_("Database")),
    ("source", N_("Chosen by")),
    ("engine", N_("Engine")),
    ("journal_mode", N_("Journal mode")),
    ("schema_version", N_("Schema version")),
    ("sla_days", N_("SLA (working days)")),
    ("operator", N_("Operator")),
    ("satker", N_("Satker")),
    ("complaints", N_("Complaints")),
    ("news", N_("News")),
    ("holidays", N_("Extra holidays")),
    ("official_holidays", N_("Public holidays")),
)


def _labels(labels: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    return [(key, _(label)) for key, label in labels]


def info(as_json: JsonOpt = False) -> None:
    """Show which database is used, its schema version, engine and counts.

    Example: adurabi info --json
    """
    from adurabi_cli.services.setup import describe, missing_file

    app_state = state()
    missing = missing_file(app_state.db_target)
    if missing is not None:
        # Before `init`: where the database would be and who chose it, then the refusal.
        where = {"location": str(missing), "source": app_state.db_source, "exists": False}
        emit_record(where, _labels(INFO_LABELS[:2]), output_format(as_json))
        raise StorageError(
            _(
                "no database at {missing} yet; run `adurabi init` to create "
                "it there (or choose another with --db or ADURABI_DB)"
            ).format(missing=missing)
        )
    data = describe(app_state.store(read_only=True))
    data["source"] = app_state.db_source
    data["operator"] = app_state.operator
    fmt = output_format(as_json)
    if fmt == "json":
        emit_json(data)
        return
    flat = {**data, **data["counts"]}
    emit_record(flat, _labels(INFO_LABELS), fmt)
