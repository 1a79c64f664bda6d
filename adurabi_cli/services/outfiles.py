"""Files a command writes for the user (an evidence file read back, a receipt): whole or not
at all, and never over an existing file unless asked."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from adurabi_cli import tempfiles
from adurabi_cli.errors import InvalidInput, StorageError
from adurabi_cli.i18n import _


def check_new_file(path: Path, *, force: bool) -> None:
    """Refuse, before any work, a target in a missing folder, a folder, or a file that exists
    (unless force)."""
    folder = path.parent
    if not folder.is_dir():
        raise InvalidInput(_("folder {folder} does not exist").format(folder=folder))
    if path.is_dir():
        raise InvalidInput(_("{path} is a folder; give a file name").format(path=path))
    if path.exists() and not force:
        raise InvalidInput(
            _("{path} already exists; give --force to overwrite it").format(path=path)
        )
    if path.exists() and not path.is_file():
        raise InvalidInput(
            _("{path} is not a regular file; it is not overwritten").format(path=path)
        )


def write_new_file(path: Path, content: bytes, *, force: bool = False) -> Path:
    """Write content to path through a temporary file beside it.

    Without force the finished file is hard-linked to its name, which fails rather than
    replace a file that appeared meanwhile; with force it is renamed over the old one.
    """
    check_new_file(path, force=force)
    temporary = tempfiles.temporary_name(path)
    try:
        with os.fdopen(tempfiles.create_exclusive(temporary, 0o666), "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if force:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    except FileExistsError:
        raise InvalidInput(
            _("{path} already exists; give --force to overwrite it").format(path=path)
        ) from None
    except OSError as exc:
        raise _storage_error(exc, path) from exc
    finally:
        tempfiles.remove(temporary)
    tempfiles.sync(path.parent)
    return path


def _link_new(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        # A filesystem without hard links (some network and FAT mounts): checked, then renamed.
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)


def _storage_error(exc: OSError, path: Path) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return StorageError(_("the disk is full; {path} was not written").format(path=path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(
            _("cannot write {path}: permission denied or read-only").format(path=path)
        )
    return StorageError(
        _("cannot write {path}: {value}").format(path=path, value=exc.strerror or exc)
    )
