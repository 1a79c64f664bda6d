"""Hyperlinks for write-only sheets, streamed instead of held as objects.

openpyxl keeps one Hyperlink object per linked cell until the sheet closes, then builds one
Relationship object and one element tree for all of them: for 100,000 news items that is
over 100 MB. Here a sheet keeps only (row, URL) pairs, writes its <hyperlinks> element as a
stream when the sheet closes, and `StreamingExcelWriter` streams the sheet's relationship
part into the archive. Both hooks use openpyxl's write-only internals (the worksheet's
`_writer` and its `xf` stream, stable since openpyxl 2.6); where they are missing, links fall
back to openpyxl's own hyperlinks, which cost memory but are otherwise the same.
"""

from __future__ import annotations

from array import array
from typing import Any
from urllib.parse import quote
from xml.etree.ElementTree import Element
from xml.sax.saxutils import quoteattr

from openpyxl.packaging.relationship import get_rels_path
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import PKG_REL_NS, REL_NS

HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# Excel refuses to open a file holding a longer hyperlink address.
MAX_LINK_LENGTH = 2000
_ATTR_ID = f"{{{REL_NS}}}id"
_LINK_SAFE = "!#$%&'()*+,-./:;=?@[]~_"
_CHUNK = 2000
_ATTR = "_adurabi_links"


def link_target(value: Any) -> str | None:
    """The address to link a cell to, or None when the text is no web address Excel takes."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text.lower().startswith(("http://", "https://")) or len(text) > MAX_LINK_LENGTH:
        return None
    if any(ch.isspace() or ch in '<>"' for ch in text):
        return None
    # Relationship targets are URIs: non-ASCII letters travel percent-encoded.
    return text if text.isascii() else quote(text, safe=_LINK_SAFE)


class SheetLinks:
    """The hyperlinks of one column of a write-only sheet."""

    def __init__(self, worksheet: Any, column_letter: str) -> None:
        self.worksheet = worksheet
        self.column = column_letter
        self.rows = array("L")
        self.targets: list[str] = []
        # The row the cell path is writing; the rendered path passes rows itself.
        self.next_row = 0
        writer = getattr(worksheet, "_writer", None)
        self.streaming = writer is not None and hasattr(writer, "xf")
        if self.streaming:
            writer.write_hyperlinks = self._write_hyperlinks
            setattr(worksheet, _ATTR, self)

    def add(self, cell: Any, row: int, target: str) -> None:
        """Link cell (about to be written at row) to target."""
        if self.streaming:
            self.rows.append(row)
            self.targets.append(target)
        else:
            cell.hyperlink = target

    def __len__(self) -> int:
        return len(self.targets)

    def _write_hyperlinks(self) -> None:
        """Replaces the sheet writer's own: the <hyperlinks> element, one child at a time."""
        if not self.targets:
            return
        writer = self.worksheet._writer
        xf = writer.xf.send(True)
        with xf.element("hyperlinks"):
            for number, row in enumerate(self.rows, 1):
                xf.write(
                    Element("hyperlink", {"ref": f"{self.column}{row}", _ATTR_ID: f"rId{number}"})
                )
        writer.xf.send(None)

    def write_relationships(self, archive: Any, sheet_path: str) -> None:
        """The sheet's relationship part: one external target per link, streamed."""
        with archive.open(get_rels_path(sheet_path)[1:], "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                + f'<Relationships xmlns="{PKG_REL_NS}">'.encode()
            )
            for start in range(0, len(self.targets), _CHUNK):
                chunk = self.targets[start : start + _CHUNK]
                out.write(
                    "".join(
                        f'<Relationship Id="rId{start + offset}" Type="{HYPERLINK_TYPE}" '
                        f'Target={quoteattr(target)} TargetMode="External"/>'
                        for offset, target in enumerate(chunk, 1)
                    ).encode()
                )
            out.write(b"</Relationships>")


# The widest possible range: written first, then overwritten in place with the real one.
DIMENSION_PLACEHOLDER = "A1:XFD1048576"
_DIMENSION_ATTR = "_adurabi_dimension"


def reserve_dimension(worksheet: Any, actual: Any) -> None:
    """Have a write-only sheet state its size, known only once it is written.

    openpyxl writes no <dimension> in write-only mode, and every read-only reader then
    parses the whole sheet at open just to look for it. The sheet gets the placeholder
    (call before its first row); `StreamingExcelWriter` patches in actual() afterwards.
    """
    worksheet.calculate_dimension = lambda: DIMENSION_PLACEHOLDER
    setattr(worksheet, _DIMENSION_ATTR, actual)


def _patch_dimension(path: str, ref: str) -> None:
    """Overwrite the placeholder in the sheet's XML, padding with spaces XML ignores."""
    old = f'"{DIMENSION_PLACEHOLDER}"'.encode()
    new = f'"{ref}"'.encode()
    if len(new) > len(old):
        return
    with open(path, "r+b") as handle:
        head = handle.read(4096)
        at = head.find(old)
        if at < 0:
            return
        handle.seek(at)
        handle.write(new + b" " * (len(old) - len(new)))


class StreamingExcelWriter(ExcelWriter):
    """openpyxl's package writer, writing streamed links' relationship parts itself and
    patching reserved sheet dimensions."""

    def write_worksheet(self, ws: Any) -> None:
        actual = getattr(ws, _DIMENSION_ATTR, None)
        if actual is not None and self.workbook.write_only and not ws.closed:
            ws.close()
            _patch_dimension(ws._writer.out, actual())
        super().write_worksheet(ws)
        links: SheetLinks | None = getattr(ws, _ATTR, None)
        if links is None or not len(links):
            return
        if len(ws._rels):
            # Ids rId1.. belong to the links; another part's relationship would collide.
            raise RuntimeError(f"sheet {ws.title!r} has streamed links and other relationships")
        links.write_relationships(self._archive, ws.path)
