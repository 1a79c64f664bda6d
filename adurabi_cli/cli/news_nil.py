"""`adurabi news nil`: a month without news declared (tidak ada publikasi)."""

from typing import Annotated

import typer

from adurabi_cli.cli.options import JsonOpt, NoteOpt, SatkerOpt
from adurabi_cli.cli.period import warn_closed_days
from adurabi_cli.cli.state import state
from adurabi_cli.domain.dates import Month
from adurabi_cli.i18n import _
from adurabi_cli.render.output import emit_json, message


def nil(
    satker: SatkerOpt,
    month: Annotated[
        str, typer.Option("--month", "-m", help="Month: YYYY-MM, 'Mar 2025', current or previous.")
    ],
    note: NoteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Declare that a satker published no news in a month (tidak ada publikasi).

    Refused when the satker has news published that month. The recap then shows the month
    as Nihil rather than Belum melapor.

    Example: adurabi news nil --satker rupbasan-denpasar --month 2025-03
    """
    from adurabi_cli.services.news_nil import declare_news_nil

    app_state = state()
    report = declare_news_nil(app_state.store(), satker, month, app_state.operator, note)
    warn_closed_days([report["month"]])
    if as_json:
        emit_json(report)
        return
    message(
        _("Recorded: {value} published no news in {value2}.").format(
            value=report["satker"], value2=Month.from_key(report["month"]).label
        )
    )


def register(news_app: typer.Typer) -> None:
    news_app.command("nil")(nil)
