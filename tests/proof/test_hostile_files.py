"""Hostile files through `adurabi import`, and hostile folders and codes through `export`.

An import is all or nothing: a file that cannot be read, or any bad row, is refused with
`Error: ...` (then one `  row N, column C: reason` line per bad row) and exit 1, nothing
written; a file that is fine but full of SQL, formulas and control characters imports as
plain text, control characters left out.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from adurabi_cli.cli.app import app
from tests.proof.helpers import CONTROL, query, stored_texts, table_digests
from tests.proof.test_hostile import PIECE

HEADER = ["satker", "received_on", "channel", "category", "summary", "complainant_name"]
GOOD_ROW = ["kanwil", "2025-04-01", "whatsapp", "pungli", "Antrean lama", "Made"]


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")  # a lone surrogate: bad UTF-8


def _workbook(tmp_path: Path) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pengaduan")
    for row in [HEADER, GOOD_ROW, GOOD_ROW]:
        sheet.append(row)
    path = tmp_path / "good.xlsx"
    workbook.save(path)
    return path.read_bytes()


def _zip_of(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def _corpus(tmp_path: Path) -> dict[str, bytes]:
    good_xlsx = _workbook(tmp_path)
    return {
        "binary.csv": bytes(range(256)) * 64,
        "latin1.csv": _csv([HEADER, [*GOOD_ROW[:4], "Pelayanan caf\xe9", "X"]])
        .decode()
        .encode("latin-1"),
        "utf16.csv": _csv([HEADER, GOOD_ROW]).decode().encode("utf-16"),
        "nul.csv": _csv([HEADER, GOOD_ROW]).replace(b"Antrean", b"Ant\x00rean"),
        "empty.csv": b"",
        "blank.csv": b"\n\n  \n",
        "header-only.csv": _csv([HEADER]),
        "unclosed-quote.csv": b'satker,received_on,summary\nkanwil,2025-04-01,"tanpa tutup\n',
        "huge-cell.csv": _csv([HEADER, [*GOOD_ROW[:4], "x" * 1_000_000, "Made"]]),
        "ten-thousand-columns.csv": _csv([HEADER + [f"c{i}" for i in range(10_000)], GOOD_ROW]),
        "one-bad-row-of-many.csv": _csv([HEADER, *[GOOD_ROW] * 500, ["atlantis", *GOOD_ROW[1:]]]),
        "future.csv": _csv([HEADER, [GOOD_ROW[0], "2099-01-01", *GOOD_ROW[2:]]]),
        "truncated.xlsx": good_xlsx[: len(good_xlsx) // 2],
        "text-named.xlsx": _csv([HEADER, GOOD_ROW]),
        "foreign.zip.xlsx": _zip_of("hello.txt", b"not a workbook"),
        "zip-bomb.xlsx": _zip_of("xl/worksheets/sheet1.xml", b"<" * 5_000_000),
        "macro.xlsm": _zip_of("[Content_Types].xml", b"<Types/>"),
    }


def _check_refusal(result) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    lines = result.stderr.rstrip("\n").splitlines()
    assert lines and lines[0].startswith("Error: "), result.stderr
    assert "unexpected internal error" not in lines[0]
    assert all(line.startswith(("  row ", "  ... and ")) for line in lines[1:]), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_unreadable_and_bad_files_are_refused_whole(initialized, cli, tmp_path):
    runner = CliRunner()
    before = table_digests(initialized)
    for name, data in _corpus(tmp_path).items():
        path = tmp_path / name
        path.write_bytes(data)
        for args in (["import", "complaints", path], ["import", "complaints", path, "--dry-run"]):
            result = runner.invoke(app, list(map(str, args)))
            if name == "header-only.csv" and result.exit_code == 0:
                continue  # nothing to import is not an error
            _check_refusal(result)
            assert table_digests(initialized) == before, name
    many = runner.invoke(app, ["import", "complaints", str(tmp_path / "one-bad-row-of-many.csv")])
    assert "row 502, column satker" in many.stderr


def test_paths_that_are_not_files(initialized, cli, tmp_path):
    before = table_digests(initialized)
    good = tmp_path / "sub" / "good.csv"
    good.parent.mkdir()
    good.write_bytes(_csv([HEADER, GOOD_ROW]))
    for target in (tmp_path, tmp_path / "missing.csv", Path("/dev/zero"), Path("/dev/null")):
        _check_refusal(CliRunner().invoke(app, ["import", "complaints", str(target)]))
    assert table_digests(initialized) == before
    dotted = tmp_path / "sub" / ".." / "sub" / "good.csv"
    cli("import", "complaints", dotted)
    assert query(initialized, "SELECT summary FROM complaint") == [("Antrean lama",)]


def test_sql_formulas_and_controls_in_cells_import_as_plain_text(initialized, cli, tmp_path):
    texts = ["'; DROP TABLE complaint; --", '=HYPERLINK("http://x","y")', "+1-1", "@SUM(A1)",
             "Antrean\x1b[2J lama\x07", "tab\there", "\u202eevil", "%_\\"]  # fmt: skip
    rows = [HEADER, *([*GOOD_ROW[:4], text, text] for text in texts)]
    path = tmp_path / "hostile.csv"
    path.write_bytes(_csv(rows, delimiter=";"))
    cli("import", "complaints", path)
    stored = query(initialized, "SELECT summary, complainant_name FROM complaint ORDER BY id")
    assert len(stored) == len(texts)
    assert stored[0] == (texts[0], texts[0]) and stored[1][0] == texts[1]
    for text in stored_texts(initialized):
        assert not set(text) & set(CONTROL), text
    assert query(initialized, "SELECT count(*) FROM satker") == [(19,)]


@settings(
    max_examples=int(os.environ.get("PROOF_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(
        st.lists(st.one_of(PIECE, st.text(max_size=12)), min_size=6, max_size=6),
        min_size=1,
        max_size=5,
    ),
    delimiter=st.sampled_from([",", ";"]),
)
def test_random_hostile_rows_import_whole_or_not_at_all(initialized, tmp_path, cells, delimiter):
    path = tmp_path / "random.csv"
    path.write_bytes(_csv([HEADER, *cells], delimiter))
    before = table_digests(initialized)
    count = query(initialized, "SELECT count(*) FROM complaint")[0][0]
    result = CliRunner().invoke(app, ["import", "complaints", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code != 0:
        _check_refusal(result)
        assert table_digests(initialized) == before
        return
    added = query(initialized, "SELECT count(*) FROM complaint")[0][0] - count
    assert 0 <= added <= len(cells)
    for text in stored_texts(initialized):
        assert not set(text) & set(CONTROL), text


# --- export: folders and codes -------------------------------------------------------------


@pytest.mark.parametrize(
    "satker",
    ["../../etc/passwd", "kanwil/../../x", "/tmp/evil", "lapas-kerobokan\x00", "..", ".", ""],
)
def test_export_refuses_a_satker_that_is_a_path(initialized, cli, tmp_path, satker):
    result = CliRunner().invoke(
        app, ["export", "--month", "2025-04", "--out", str(tmp_path / "rekap"), "-s", satker]
    )
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "rekap").exists() or not list((tmp_path / "rekap").rglob("*.xlsx"))
    assert not Path("/tmp/evil.xlsx").exists()


def test_export_refuses_a_folder_that_is_not_one(initialized, cli, tmp_path):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    for out in (afile, afile / "sub", tmp_path / "missing" / "deeper", Path("/dev/null")):
        result = CliRunner().invoke(app, ["export", "--month", "2025-04", "--out", str(out)])
        assert result.exit_code in (1, 3), (out, result.stderr)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert afile.read_text() == "x"
    (tmp_path / "a" / "b").mkdir(parents=True)
    result = cli("export", "--month", "2025-04", "--out", tmp_path / "a" / "b" / ".." / "rekap")
    assert (tmp_path / "a" / "rekap" / "rekap-2025-04.xlsx").exists(), result.stdout


def test_a_stray_quote_is_refused_not_swallowing_the_rows_after_it(initialized, cli, tmp_path):
    """Python's csv module, unless strict, reads an unclosed quote to the end of the file:
    999 rows would have become one cell of one row, silently."""
    rows = [HEADER, ["kanwil", "2025-04-01", "whatsapp", "pungli", '"Antrean', "Made"]]
    rows += [GOOD_ROW] * 999
    path = tmp_path / "stray.csv"
    path.write_bytes(b"\n".join(",".join(r).encode() for r in rows) + b"\n")
    before = table_digests(initialized)
    result = cli("import", "complaints", path, code=1)
    assert "not a readable CSV file (line 1001" in result.stderr
    units = tmp_path / "units.csv"
    units.write_text('code,name,kind\nlapas-baru,"Lapas Baru,lapas\nrutan-x,Rutan X,rutan\n')
    result = cli("satker", "import", units, code=1)
    assert "not a readable CSV file" in result.stderr
    assert table_digests(initialized) == before
