"""`adurabi export`: the month's Excel recaps, for the whole Kanwil and per satker.

Everything is read in one read transaction, so the Ringkasan numbers (the recap, exactly
as `recap --json` gives it), the Pengaduan and Berita rows and the Kepatuhan states of
every file come from the same snapshot. Rows stream from the database into write-only
sheets; each file is written to a temporary name in its folder and renamed over the old
one (`excel.saving.atomic_save`), so a crash never leaves a half file under a final name.

Files: `OUT/rekap-YYYY-MM.xlsx` (always every active satker) and `OUT/YYYY-MM/<code>.xlsx`,
one per active satker, or only those named with `satker`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adurabi_cli.db import export as db
from adurabi_cli.db.store import Store
from adurabi_cli.domain import clock
from adurabi_cli.domain.news import DEFAULT_TOP_LIMIT
from adurabi_cli.domain.periods import Period, PeriodChoice
from adurabi_cli.errors import InvalidInput
from adurabi_cli.excel.columns import CONFIDENTIAL_TEXT
from adurabi_cli.excel.recap_writer import write_kanwil_recap, write_satker_recap
from adurabi_cli.i18n import _
from adurabi_cli.services.news_top import ranked
from adurabi_cli.services.period_close import reported_recap
from adurabi_cli.services.recap import recap_labels
from adurabi_cli.services.refdata import load_refdata
from adurabi_cli.services.trend import monthly_trend

DEFAULT_OUT = Path("rekap")
DEFAULT_MONTH = "previous"
# Periods whose workbooks carry a `Per Bulan` sheet (one column per month, a line chart).
MONTHLY_SHEET_KINDS = ("quarter", "year")


@dataclass
class ExportResult:
    """What an export wrote: the Kanwil file first, then the satker files in registry order."""

    period: Period
    folder: Path
    paths: list[Path] = field(default_factory=list)
    # Sentences for stderr: a closed month's figures as closed, and where today's differ.
    notes: list[str] = field(default_factory=list)


def kanwil_path(out: Path, month: Period) -> Path:
    return Path(out) / f"rekap-{month}.xlsx"


def satker_path(out: Path, month: Period, code: str) -> Path:
    return Path(out) / str(month) / f"{code}.xlsx"


def export_month(
    store: Store,
    *,
    month: str | PeriodChoice | None = None,
    out: Path | str = DEFAULT_OUT,
    satker: Sequence[str] = (),
    include_personal: bool = False,
    on_written: Callable[[Path], None] | None = None,
    live: bool = False,
) -> ExportResult:
    """Write the month's recap workbooks under out; returns the paths written.

    month: YYYY-MM, current or previous (default previous, the cron case), or a
    PeriodChoice (a quarter, a year, a range of days: files named by its key). satker: codes
    (or unambiguous official names) of the per-satker files to write; default every active
    satker. The Kanwil file always covers every active satker. out is created when its
    parent exists. on_written is called with each path as soon as its file is in place.
    A closed month's Ringkasan and Kepatuhan hold its figures as closed (`period close`),
    unless live; the Pengaduan and Berita rows are the records as they are now.
    Refused input (bad month, unknown or inactive satker, an output folder that is missing
    or not writable) raises before anything is written.
    """
    today = clock.today()
    choice = month if isinstance(month, PeriodChoice) else PeriodChoice(month=month)
    wanted = choice.resolve(today=today, default_month=DEFAULT_MONTH)
    folder = Path(out)
    _check_folder(folder)
    result = ExportResult(period=wanted, folder=folder)

    def written(path: Path) -> None:
        result.paths.append(path)
        if on_written is not None:
            on_written(path)

    # The row streams are closed inside the transaction, even when a write fails.
    with store.read() as conn, ExitStack() as streams:
        ref = load_refdata(conn)
        codes = _chosen_codes(ref, satker)
        reported = reported_recap(conn, ref, wanted, today=today, live=live)
        recap, result.notes = reported.data, reported.notes
        options: dict[str, Any] = {
            "generated_at": clock.office_time(clock.now(), ref.zone),
            "include_personal": include_personal,
            "labels": recap_labels(ref),
            "office": ref.office,
        }
        first, last = wanted.first, wanted.last
        as_of = min(last, today)

        def complaints(by_satker: bool) -> db.Rows:
            rows = db.month_complaints(
                conn, first, last, as_of, by_satker=by_satker,
                include_personal=include_personal, hidden_summary=CONFIDENTIAL_TEXT,
            )  # fmt: skip
            streams.callback(rows.close)
            return rows

        def news(by_satker: bool) -> db.Rows:
            rows = db.month_news(conn, first, last, by_satker=by_satker)
            streams.callback(rows.close)
            return rows

        _make_folder(folder)
        path = kanwil_path(folder, wanted)
        best = ranked(conn, ref, wanted, by="engagement", limit=DEFAULT_TOP_LIMIT)
        if wanted.kind in MONTHLY_SHEET_KINDS:
            options["monthly"] = monthly_trend(conn, ref, wanted.months())
        kanwil = write_kanwil_recap(
            path, recap, complaints(False), news(False), top_news=best, **options
        )
        written(kanwil)
        if codes:
            _make_folder(folder / str(wanted))
            complaint_groups = _BySatker(complaints(True), ref.satker)
            news_groups = _BySatker(news(True), ref.satker, key="for_satker")
            for code in codes:
                path = satker_path(folder, wanted, code)
                rows = complaint_groups.take(code), news_groups.take(code)
                written(write_satker_recap(path, recap, code, *rows, **options))
    return result


def _chosen_codes(ref: Any, named: Sequence[str]) -> list[str]:
    """Codes of the satker files to write, in registry order; named ones must be active."""
    if not named:
        return [s["code"] for s in ref.shown_satker()]
    picked = {ref.satker_of(text, field="--satker")["code"] for text in named}
    return [code for code in ref.satker if code in picked]


def _check_folder(folder: Path) -> None:
    """Refuse an output folder that is not usable, before reading or writing anything."""
    if folder.exists():
        if not folder.is_dir():
            raise InvalidInput(
                _("--out {folder} is a file, not a folder").format(folder=folder), field="--out"
            )
        target = folder
    else:
        parent = folder.parent
        if not parent.is_dir():
            raise InvalidInput(
                _("folder {parent} does not exist; create it or choose another --out").format(
                    parent=parent
                ),
                field="--out",
            )
        target = parent
    if not os.access(target, os.W_OK | os.X_OK):
        raise InvalidInput(
            _("folder {target} is not writable").format(target=target), field="--out"
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError:
        raise InvalidInput(
            _("{folder} is a file, not a folder").format(folder=folder), field="--out"
        ) from None
    except OSError as exc:
        raise InvalidInput(
            _("cannot create folder {folder}: {value}").format(
                folder=folder, value=exc.strerror or exc
            ),
            field="--out",
        ) from None


class _BySatker:
    """A stream of rows ordered by satker (registry order), handed out one satker at a time.

    Each `take(code)` must be read to its end before the next: the writer of one satker's
    file does that. Rows of satker not asked for are skipped. key: the field naming a row's
    satker (`for_satker` for news, where a jointly covered item is in several groups).
    """

    def __init__(
        self, rows: Iterator[Mapping[str, Any]], satker: Mapping[str, Any], key: str = "satker"
    ) -> None:
        self._rows = rows
        self._key = key
        self._order = {code: position for position, code in enumerate(satker)}
        self._next = next(rows, None)

    def take(self, code: str) -> Iterator[Mapping[str, Any]]:
        position = self._order[code]
        while self._next is not None and self._order[self._next[self._key]] < position:
            self._next = next(self._rows, None)
        while self._next is not None and self._next[self._key] == code:
            yield self._next
            self._next = next(self._rows, None)
