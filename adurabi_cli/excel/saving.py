"""Saving a workbook so that a crash never leaves a half-written file under its name."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from adurabi_cli import tempfiles
from adurabi_cli.errors import InvalidInput, StorageError
from adurabi_cli.i18n import _


def check_output_folder(folder: Path) -> None:
    """Refuse a folder that is missing, not a folder, or not writable, before any work."""
    if not folder.exists():
        raise InvalidInput(_("folder {folder} does not exist").format(folder=folder))
    if not folder.is_dir():
        raise InvalidInput(_("{folder} is not a folder").format(folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(_("folder {folder} is not writable").format(folder=folder))


def atomic_save(workbook: Workbook, path: Path) -> Path:
    """Write workbook to path through a temporary file in the same folder, then rename.

    The file under the final name is always either the previous one or the complete new
    one: a crash, a full disk or an interrupt leaves no half-written workbook behind.
    """
    path = Path(path)
    folder = path.parent
    try:
        check_output_folder(folder)
        if path.is_dir():
            raise InvalidInput(_("{path} is a folder, not a workbook file").format(path=path))
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        tempfiles.remove_stale(folder)
    except BaseException as exc:
        discard(workbook)
        if isinstance(exc, OSError):
            raise _storage_error(exc, path) from exc
        raise
    # Named before it exists, so that an interrupt at any moment after leaves a name to remove.
    temporary = tempfiles.temporary_name(path)
    try:
        with os.fdopen(tempfiles.create_exclusive(temporary), "w+b") as out:
            if workbook.write_only and not workbook.worksheets:
                workbook.create_sheet()
            # Workbook.save, with the archive closed whatever happens (a failing save would
            # otherwise leave it to the garbage collector, which complains on stderr).
            workbook.properties.modified = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
            with _interrupt_after(), ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
                ExcelWriter(workbook, archive).write_data()
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        tempfiles.remove(temporary)
        discard(workbook)
        if isinstance(exc, OSError):
            raise _storage_error(exc, path) from exc
        raise
    _sync_folder(folder)
    return path


@contextlib.contextmanager
def _interrupt_after() -> Iterator[None]:
    """Ctrl-C while the archive is written takes effect once it is closed (and the temporary
    file is then removed as for any interrupt). zipfile cannot close an archive interrupted
    between opening one of its members and writing it: the error of that close would replace
    the interrupt, and the archive would complain again when collected."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def discard(workbook: Workbook) -> None:
    """Close the sheets of a write-only workbook that will not be saved.

    Their temporary files are closed (so that they can be removed everywhere, Windows
    included) and openpyxl removes them when the process ends.
    """
    if not workbook.write_only:
        return
    for ws in workbook.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()


def _default_mode() -> int:
    """What a plain open() would give a new file: 0666 less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _storage_error(exc: OSError, path: Path) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return StorageError(_("the disk is full; {path} was not written").format(path=path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(
            _("cannot write {path}: permission denied or read-only").format(path=path)
        )
    return StorageError(
        _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
    )


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
