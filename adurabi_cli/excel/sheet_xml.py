"""What an .xlsx sheet says beyond its cells' values, read from the package itself: which
cells hold a formula, and the web address each linked cell points to.

python-calamine (0.9) gives a cell's value, not whether a formula computed it nor its
hyperlink, and openpyxl's read-only mode loads no hyperlinks. An export shows a long
address shortened and keeps it whole in the link, so import reads the link; a formula
saved without its computed value reads as blank, so import says so instead of "empty".

In the package, a formula is an `<f>` inside its cell `<c r="B12">`; a sheet's
`<hyperlinks>` element (after its rows) names each linked cell range and a relationship
id; the sheet's relationships part holds the address (`Target`), and the element's
`location` a fragment (`#...`) where a program such as LibreOffice stores it apart. The
sheet is read in one pass of the standard library's expat parser.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

_REF = re.compile(r"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?")
_EXTERNAL = "External"
# The transitional and the strict namespaces of a sheet and of relationships.
_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_RELATIONSHIPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
# Names as expat gives them with "}" between namespace and name; ElementTree's with a "{".
_CELL = frozenset(f"{ns}}}c" for ns in _MAIN)
_FORMULA = frozenset(f"{ns}}}f" for ns in _MAIN)
_HYPERLINK = frozenset(f"{ns}}}hyperlink" for ns in _MAIN)
_ID = tuple(f"{{{ns}}}id" for ns in _RELATIONSHIPS)


@dataclass(frozen=True)
class SheetMarks:
    # (row number, 0-based column) of each cell holding a formula.
    formulas: frozenset[tuple[int, int]] = frozenset()
    # (row number, 0-based column) -> the address the cell links to.
    links: dict[tuple[int, int], str] = field(default_factory=dict)


def sheet_marks(archive: zipfile.ZipFile, sheet: str, rows: int, width: int) -> SheetMarks:
    """The formula cells and the linked cells of the named sheet, links within its first
    rows and width (a link's range may name more cells); nothing for a package without
    such a sheet (an .ods).

    Raises expat.ExpatError, ElementTree.ParseError or KeyError for a damaged package.
    """
    names = set(archive.namelist())
    part = _sheet_part(archive, names, sheet)
    if part is None:
        return SheetMarks()
    formulas, hyperlinks = _read_sheet(archive, part)
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    targets = _targets(archive, rels) if hyperlinks and rels in names else {}
    links = {}
    for link in hyperlinks:
        target = targets.get(_relationship_id(link))
        match = _REF.fullmatch(link.get("ref", ""))
        if target is None or match is None:
            continue
        if link.get("location"):
            target = f"{target}#{link['location']}"
        first_col, first_row, last_col, last_row = match.groups()
        last = column_index(last_col or first_col)
        columns = range(column_index(first_col), min(last + 1, width))
        for row in range(int(first_row), min(int(last_row or first_row), rows) + 1):
            for column in columns:
                links[(row, column)] = target
    cells = (_REF.fullmatch(ref) for ref in formulas)
    return SheetMarks(
        formulas=frozenset((int(m[2]), column_index(m[1])) for m in cells if m and not m[3]),
        links=links,
    )


def _read_sheet(archive: zipfile.ZipFile, part: str) -> tuple[set[str], list[dict[str, str]]]:
    """The references of the part's formula cells, and the attributes of its hyperlinks
    (namespaced names written as ElementTree writes them)."""
    formulas: set[str] = set()
    hyperlinks: list[dict[str, str]] = []
    cell = ""

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal cell
        if name in _CELL:
            cell = attrs.get("r", "")
        elif name in _FORMULA:
            formulas.add(cell)
        elif name in _HYPERLINK:
            hyperlinks.append({("{" + k if "}" in k else k): v for k, v in attrs.items()})

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    with archive.open(part) as stream:
        parser.ParseFile(stream)
    return formulas, hyperlinks


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _relationship_id(attributes: ElementTree.Element | dict[str, str]) -> str | None:
    """The `r:id` of an element, in the transitional or the strict namespace."""
    return next((value for key in _ID if (value := attributes.get(key))), None)


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


def column_index(letters: str) -> int:
    """The 0-based index of a column's letters: A is 0, AA is 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
