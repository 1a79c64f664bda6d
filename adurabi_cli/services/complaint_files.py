"""Evidence files of a complaint (letters, photos, screenshots, PDFs), stored in the database
itself so that one backup holds everything (docs/design.md section 4, complaint_file)."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adurabi_cli.db import complaints as db
from adurabi_cli.db import files, history
from adurabi_cli.db.reference import get_setting
from adurabi_cli.db.store import Store
from adurabi_cli.domain.clock import now, office_time, today
from adurabi_cli.domain.complaints import clean_note
from adurabi_cli.domain.settings import MAX_FILE_KEY, setting_of
from adurabi_cli.errors import Duplicate, InvalidInput, NotFound, StorageError
from adurabi_cli.i18n import _, readable
from adurabi_cli.services.complaint_queries import ENTITY, find_complaint, live_complaint
from adurabi_cli.services.outfiles import write_new_file
from adurabi_cli.services.refdata import office_zone

MB = 1024 * 1024
NAME_MAX = 255


@dataclass(frozen=True)
class Evidence:
    """A file as read from disk, before it is stored."""

    name: str
    media_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def clean_file_name(name: str) -> str:
    """A stored file's name: one path component of visible characters, at most 255 long."""
    text = name.strip()
    if not text:
        raise InvalidInput(_("the file name is empty"), field="name")
    if len(text) > NAME_MAX:
        raise InvalidInput(
            _("the file name is {value} characters long; the limit is {NAME_MAX}").format(
                value=len(text), NAME_MAX=NAME_MAX
            ),
            field="name",
        )
    if text in (".", "..") or "/" in text or "\\" in text or not text.isprintable():
        raise InvalidInput(_("{name!r} is not a usable file name").format(name=name), field="name")
    return text


def read_evidence(path_text: str, limit: int) -> Evidence:
    """Read one file, at most `limit` bytes: refused unless it is a regular file.

    The size is checked before reading and the read stops at limit + 1 bytes, so a file that
    grows meanwhile (or a device that slipped past the checks) is never read whole.
    """
    if not path_text.strip():
        raise InvalidInput(_("a file name is empty"), field="file")
    path = Path(path_text)
    name = clean_file_name(path.name)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise NotFound(
            _("file {path_text} does not exist").format(path_text=path_text), field="file"
        ) from None
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path_text}: {strerror}").format(
                path_text=path_text, strerror=exc.strerror
            ),
            field="file",
        ) from None
    _check_kind(path_text, info.st_mode)
    if info.st_size > limit:
        raise InvalidInput(
            _too_large(path_text, _("{size} bytes").format(size=readable(info.st_size)), limit),
            field="file",
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InvalidInput(
            _("cannot read {path_text}: {strerror}").format(
                path_text=path_text, strerror=exc.strerror
            ),
            field="file",
        ) from None
    with os.fdopen(fd, "rb") as stream:
        _check_kind(path_text, os.fstat(stream.fileno()).st_mode)  # the file opened, not a swap
        content = stream.read(limit + 1)
    if len(content) > limit:
        raise InvalidInput(_too_large(path_text, _("it grew while read"), limit), field="file")
    if not content:
        raise InvalidInput(_("{path_text} is empty").format(path_text=path_text), field="file")
    media_type = mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"
    return Evidence(name, media_type, content, hashlib.sha256(content).hexdigest())


def _check_kind(path_text: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InvalidInput(
            _("{path_text} is a folder, not a file").format(path_text=path_text), field="file"
        )
    if not stat.S_ISREG(mode):
        raise InvalidInput(
            _("{path_text} is not a regular file (a device, pipe or socket)").format(
                path_text=path_text
            ),
            field="file",
        )


def _too_large(path_text: str, size: str, limit: int) -> str:
    return _(
        "{path} is larger than the limit of {mb} MB ({size}); "
        "an administrator may raise it: adurabi setting set {key} N"
    ).format(path=path_text, mb=limit // MB, size=size, key=MAX_FILE_KEY)


def file_limit(store: Store) -> int:
    """The largest file accepted, in bytes (setting max_file_mb)."""
    with store.read() as conn:
        stored = get_setting(conn, MAX_FILE_KEY)
    return setting_of(MAX_FILE_KEY).load(MAX_FILE_KEY, stored) * MB


def describe_file(evidence: Any) -> str:
    """How a history line names a file: its name, hash and size."""
    return f"{evidence['name']} (sha256 {evidence['sha256']}, {evidence['size']:,} bytes)"


def attach_files(
    store: Store, ref_text: str, paths: list[str], operator: str
) -> tuple[str, list[dict[str, Any]]]:
    """Store the files on a complaint, all or none; returns its number and the files added."""
    if not paths:
        raise InvalidInput(_("give at least one FILE to attach"), field="file")
    limit = file_limit(store)
    found = [read_evidence(p, limit) for p in paths]  # before the write lock is taken
    day = today()
    with store.write() as conn:
        row = live_complaint(conn, ref_text, day)
        held = files.files_of(conn, row["id"])
        names = {f["name"]: f["name"] for f in held}
        hashes = {f["sha256"]: f["name"] for f in held}
        for evidence in found:
            if evidence.name in names:
                raise Duplicate(
                    _(
                        "{value} already has a file named {name}; rename the file, "
                        "or remove the stored one first (complaint file-remove)"
                    ).format(value=row["number"], name=evidence.name),
                    field="file",
                )
            if evidence.sha256 in hashes:
                raise Duplicate(
                    _(
                        "{name} has the same content as {value}, already attached to {value2}"
                    ).format(
                        name=evidence.name, value=hashes[evidence.sha256], value2=row["number"]
                    ),
                    field="file",
                )
            names[evidence.name] = evidence.name
            hashes[evidence.sha256] = evidence.name
        at = now()
        added = []
        lines = []
        for evidence in found:
            stored = {
                "name": evidence.name,
                "media_type": evidence.media_type,
                "size": evidence.size,
                "sha256": evidence.sha256,
                "added_by": operator,
                "added_at": at,
            }
            files.insert_file(
                conn, {"complaint_id": row["id"], **stored, "content": evidence.content}
            )
            added.append(stored)
            lines.append(
                history.entry(
                    ENTITY, row["id"], "attach", operator, at, field="file",
                    new=describe_file(stored),
                )
            )  # fmt: skip
        history.record(conn, lines)
        db.update_record(conn, row["id"], {"updated_at": at})
    return row["number"], [_public(f) for f in added]


def list_files(store: Store, ref_text: str) -> tuple[str, list[dict[str, Any]]]:
    """A complaint's number and its files (no content), oldest first."""
    with store.read() as conn:
        row = find_complaint(conn, ref_text, today())
        found = files.files_of(conn, row["id"])
        zone = office_zone(conn)
    return row["number"], [_public(f, zone) for f in found]


def save_file(
    store: Store, ref_text: str, name: str, out: Path, *, force: bool = False
) -> tuple[dict[str, Any], Path]:
    """Write a stored file to `out` (a folder: under its own name there); the file and path."""
    wanted = clean_file_name(name)
    with store.read() as conn:
        row = find_complaint(conn, ref_text, today())
        stored = _named(conn, row, wanted)
        content = files.content_of(conn, stored["id"])
    if hashlib.sha256(content).hexdigest() != stored["sha256"]:
        raise StorageError(
            _(
                "the stored content of {wanted} on {value} does not match "
                "its sha256; the database is damaged (see adurabi doctor)"
            ).format(wanted=wanted, value=row["number"])
        )
    target = out / stored["name"] if out.is_dir() else out
    write_new_file(target, content, force=force)
    return _public(stored), target


def remove_file(
    store: Store, ref_text: str, name: str, note: str | None, operator: str
) -> tuple[str, dict[str, Any]]:
    """Remove a stored file, its name, hash and the reason kept as a history line."""
    wanted = clean_file_name(name)
    reason = clean_note(note)
    if reason is None:
        raise InvalidInput(_("removing a file needs --note (why it goes)"), field="note")
    with store.write() as conn:
        row = live_complaint(conn, ref_text, today())
        stored = _named(conn, row, wanted)
        files.delete_file(conn, stored["id"])
        at = now()
        history.record(
            conn,
            [
                history.entry(
                    ENTITY, row["id"], "file-remove", operator, at, field="file",
                    old=describe_file(stored), note=reason,
                )
            ],
        )  # fmt: skip
        db.update_record(conn, row["id"], {"updated_at": at})
    return row["number"], _public(stored)


def _named(conn: Any, row: dict[str, Any], name: str) -> dict[str, Any]:
    found = {f["name"]: f for f in files.files_of(conn, row["id"])}
    if name not in found:
        held = ", ".join(found) if found else "none"
        raise NotFound(
            _("{value} has no file named {name} (its files: {held})").format(
                value=row["number"], name=name, held=held
            )
        )
    return found[name]


def _public(stored: dict[str, Any], zone: str = "UTC") -> dict[str, Any]:
    """A file as --json shows it: the fields of files.FILE_FIELDS, added_at in the zone
    given (the office's for a list people read; --json writes UTC either way)."""
    record = {name: stored[name] for name in files.FILE_FIELDS}
    record["added_at"] = office_time(record["added_at"], zone)
    return record
