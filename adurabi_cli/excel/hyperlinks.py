"""The web addresses an .xlsx sheet's cells link to, read from the package itself.

python-calamine (0.9) gives a cell's text, not its hyperlink, and openpyxl's read-only mode
loads no hyperlinks; an export shows a long address shortened and keeps it whole in the
link, so import reads the link. In the package, a sheet's `<hyperlinks>` element (after its
rows) names each linked cell range and a relationship id; the sheet's relationships part
holds the address (`Target`), and the element's `location` a fragment (`#...`) where a
program such as LibreOffice stores it apart. Only that element is parsed: the sheet's rows
are passed over as bytes.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree import ElementTree

_CHUNK = 1 << 20
# A sheet's root element starts within its first bytes; a part without one links nothing.
_ROOT_WITHIN = 2 * _CHUNK
_TAG = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ROOT = re.compile(_TAG + rb"worksheet\b[^>]*>")
_HYPERLINKS = re.compile(_TAG + rb"hyperlinks[\s>]")
_REF = re.compile(r"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?")
_EXTERNAL = "External"
_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STRICT_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"


def sheet_links(
    archive: zipfile.ZipFile, sheet: str, rows: int, width: int
) -> dict[tuple[int, int], str]:
    """(row number, 0-based column) -> address of each cell of the named sheet that links to
    one, within its first rows and width (a link's range may name more cells); empty for
    a package without such a sheet (an .ods) or without links.

    Raises ElementTree.ParseError or KeyError for a damaged package.
    """
    names = set(archive.namelist())
    part = _sheet_part(archive, names, sheet)
    if part is None:
        return {}
    element = _hyperlinks(archive, part)
    if element is None:
        return {}
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    targets = _targets(archive, rels) if rels in names else {}
    links = {}
    for link in element:
        if _local(link.tag) != "hyperlink":
            continue
        target = targets.get(_relationship_id(link))
        match = _REF.fullmatch(link.get("ref", ""))
        if target is None or match is None:
            continue
        if link.get("location"):
            target = f"{target}#{link.get('location')}"
        first_col, first_row, last_col, last_row = match.groups()
        last = column_index(last_col or first_col)
        columns = range(column_index(first_col), min(last + 1, width))
        for row in range(int(first_row), min(int(last_row or first_row), rows) + 1):
            for column in columns:
                links[(row, column)] = target
    return links


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _relationship_id(element: ElementTree.Element) -> str | None:
    """The element's `r:id`, in the transitional or the strict relationships namespace."""
    return element.get(_ID) or element.get(_STRICT_ID)


def _targets(archive: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Relationship id -> address of a part's external relationships."""
    root = ElementTree.fromstring(archive.read(name))
    return {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in root
        if _local(rel.tag) == "Relationship" and rel.get("TargetMode") == _EXTERNAL
    }


def _sheet_part(archive: zipfile.ZipFile, names: set[str], sheet: str) -> str | None:
    """The package path of the named sheet's part, from the workbook and its relationships."""
    if "xl/workbook.xml" not in names:
        return None
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next(
        (
            _relationship_id(element)
            for element in workbook.iter()
            if _local(element.tag) == "sheet" and element.get("name") == sheet
        ),
        None,
    )
    if rel_id is None or "xl/_rels/workbook.xml.rels" not in names:
        return None
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target", "") for r in rels if r.get("Id") == rel_id), None)
    if not target:
        return None
    # Relative to the workbook's folder, or absolute from the package's root.
    part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    part = posixpath.normpath(part)
    return part if part in names else None


def _hyperlinks(archive: zipfile.ZipFile, part: str) -> ElementTree.Element | None:
    """The sheet's `<hyperlinks>` element, parsed after its root's start tag (which declares
    the prefixes) with the rest of the part from that element on; None when it has none."""
    root = b""
    carry = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            buffer = carry + chunk
            if not root:
                found = _ROOT.search(buffer)
                if found is None and len(buffer) < _ROOT_WITHIN:
                    carry = buffer
                    continue
                if found is None:
                    return None
                root = found.group()
            start = _HYPERLINKS.search(buffer)
            if start is not None:
                document = root + buffer[start.start() :] + stream.read()
                for element in ElementTree.fromstring(document):
                    if _local(element.tag) == "hyperlinks":
                        return element
                return None
            carry = buffer[-64:]
    return None


def column_index(letters: str) -> int:
    """The 0-based index of a column's letters: A is 0, AA is 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
