"""Every refused import: a clear error, exit 1 (3 for storage), and the database unchanged."""

from __future__ import annotations

import zipfile

import pytest

from tests.excel.helpers import make_xlsx
from tests.exim.conftest import snapshot


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def unchanged(initialized):
    """Call with the import's arguments: asserts exit 1, one `Error:` line first, and the
    database untouched; returns stderr."""

    def check(cli, *args, code: int = 1) -> str:
        before = snapshot(initialized)
        result = cli("import", *map(str, args), code=code)
        assert result.stdout == ""
        assert result.stderr.startswith("Error: "), result.stderr
        assert snapshot(initialized) == before
        return result.stderr

    return check


def test_every_bad_row_is_listed_and_nothing_is_written(cli, unchanged, tmp_path):
    path = write(
        tmp_path / "pengaduan.csv",
        "Satker,Tanggal Diterima,Ringkasan Pengaduan,Anonim,Status,Nama Pengadu\n"
        "kanwil,24/03/2025,Baris baik,,,\n"
        "lapas-entah,24/03/2025,Satker tidak dikenal,,,\n"
        "kanwil,31/02/2025,Tanggal mustahil,,,\n"
        "kanwil,2025-05-02,Tanggal masa depan,,,\n"
        "kanwil,24/03/2025,,,,\n"
        "kanwil,24/03/2025,Anonim tapi bernama,ya,,Made\n"
        "kanwil,24/03/2025,Status aneh,,ditunda,\n"
        "kanwil,24/03/2025,Anonim salah,mungkin,,\n"
        "kanwil,24/03/2025,Baris baik lagi,,,\n",
    )
    stderr = unchanged(cli, "complaints", path)
    lines = stderr.splitlines()
    assert lines[0] == "Error: pengaduan.csv: 7 bad row(s); nothing was imported"
    rows = [line for line in lines[1:] if line.startswith("  row ")]
    assert [line.split(",")[0] for line in rows] == [f"  row {n}" for n in range(3, 10)]
    assert "  row 3, column Satker: unknown satker 'lapas-entah'" in stderr
    assert "  row 4, column Tanggal Diterima: " in stderr and "Februari 2025 has 28 days" in stderr
    assert "  row 5, column Tanggal Diterima: date 02/05/2025 is in the future" in stderr
    assert "  row 6, column Ringkasan Pengaduan: is empty; it is required" in stderr
    assert "  row 7, column Nama Pengadu: an anonymous complaint stores no identity" in stderr
    assert "  row 8, column Status: " in stderr
    assert "  row 9, column Anonim: 'mungkin' is not yes or no" in stderr


def test_the_placeholder_of_a_privacy_safe_recap_is_not_a_summary(cli, unchanged, tmp_path):
    path = write(
        tmp_path / "p.csv",
        "satker,received_on,summary,confidential\nkanwil,2025-03-24,(dirahasiakan),ya\n",
    )
    stderr = unchanged(cli, "complaints", path)
    assert "row 2, column summary: holds (dirahasiakan)" in stderr
    assert "--include-personal" in stderr


def test_satker_name_must_be_unambiguous_and_new_records_need_an_active_satker(
    cli, unchanged, tmp_path
):
    name = "Rumah Tahanan Negara Kelas IIB Bangli"
    cli("satker", "add", "rutan-bangli-2", "--name", name, "--kind", "rutan")
    cli("satker", "update", "rutan-negara", "--inactive")
    path = write(
        tmp_path / "b.csv",
        f"satker,published_on,title,media\n{name},2025-03-05,A,x\nrutan-negara,2025-03-05,B,x\n",
    )
    stderr = unchanged(cli, "news", path)
    assert f"row 2, column satker: satker name '{name}' is ambiguous; use the code" in stderr
    assert "row 3, column satker: satker rutan-negara is inactive" in stderr


def test_no_data_rows(cli, unchanged, tmp_path):
    path = write(tmp_path / "kosong.csv", "Satker;Tanggal Diterima;Ringkasan Pengaduan\n;;\n")
    stderr = unchanged(cli, "complaints", path)
    assert "kosong.csv has no complaint rows below its header (row 1)" in stderr


def test_template_left_empty(cli, unchanged, tmp_path):
    path = tmp_path / "isian.xlsx"
    cli("template", "news", "--out", path)
    assert "sheet 'Berita' of isian.xlsx has no news rows" in unchanged(cli, "news", path)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("p.csv", "Satker;Tanggal Diterima;Ringkasan Pengaduan\nkanwil;24/03/2025;Café\n"
         .encode("latin-1"), "is not UTF-8 text (line 2)"),
        ("p.csv", "Satker\tRingkasan\n".encode("utf-16"), "UTF-16 text"),
        ("p.csv", b"", "p.csv is empty"),
        ("p.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "is not an Excel workbook"),
        ("p.xlsx", b"PK\x03\x04" + b"\0" * 50, "is damaged"),
        ("p.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
         + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64, "is password-protected"),
        ("p.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
         "p.xls is damaged (not a readable .xls workbook)"),
    ],
)  # fmt: skip
def test_files_that_are_not_usable(cli, unchanged, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert words in unchanged(cli, "complaints", path)


def test_a_zip_that_is_not_a_workbook_and_a_truncated_workbook(cli, unchanged, tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "is a zip file but not an Excel workbook" in unchanged(cli, "news", path)
    good = make_xlsx(
        tmp_path / "good.xlsx",
        [["Satker", "Tanggal Terbit", "Judul", "Media"], ["kanwil", "2025-03-05", "A", "x"]],
    )
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:-200])
    assert "is damaged" in unchanged(cli, "news", cut)


def test_missing_file_and_folder(cli, unchanged, tmp_path):
    assert "no file at" in unchanged(cli, "news", tmp_path / "tidak-ada.csv")
    assert "is a folder" in unchanged(cli, "news", tmp_path)


def test_header_problems(cli, unchanged, tmp_path):
    missing = write(tmp_path / "a.csv", "Satker,Tanggal Terbit,Judul\nkanwil,2025-03-05,A\n")
    assert "is missing required column(s) Media" in unchanged(cli, "news", missing)
    unknown = write(tmp_path / "b.csv", "Satker,Tanggal Terbit,Judul,Media,Warna\n")
    assert "unknown column(s) 'Warna'" in unchanged(cli, "news", unknown)
    merged = make_xlsx(
        tmp_path / "c.xlsx",
        [["Satker", "Tanggal Terbit", "Judul", "Media", None], ["kanwil", "2025-03-05", "A", "x"]],
        merges=("D1:E1",),
    )
    assert "header cells D1:E1" in unchanged(cli, "news", merged)
    assert "are merged" in unchanged(cli, "news", merged)
    other = write(tmp_path / "d.csv", "Satker,Tanggal Diterima,Ringkasan Pengaduan\n")
    assert "use `adurabi import complaints`" in unchanged(cli, "news", other)


def test_unknown_kind_is_a_usage_error(cli, initialized, tmp_path):
    result = cli("import", "satker", tmp_path / "x.csv", code=2)
    assert "complaints" in result.stderr and "news" in result.stderr


def test_no_database_is_storage_trouble(cli, tmp_path):
    path = write(tmp_path / "b.csv", "satker,published_on,title,media\nkanwil,2025-03-05,A,x\n")
    result = cli("import", "news", path, code=3)
    assert result.stderr.startswith("Error: ")
    assert "no database at" in result.stderr or "has no adurabi schema" in result.stderr


def test_a_failure_while_writing_rolls_the_whole_file_back(cli, unchanged, tmp_path, monkeypatch):
    """One transaction: rows already inserted go when anything after them fails."""
    from adurabi_cli.services import complaints as service

    real = service.insert_complaints

    def insert_then_fail(conn, ref, rows, operator, **kwargs):
        numbers = real(conn, ref, rows, operator, **kwargs)
        assert len(numbers) == 2
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service, "insert_complaints", insert_then_fail)
    path = write(
        tmp_path / "p.csv",
        "satker,received_on,summary\nkanwil,2025-03-24,Satu\nkanwil,2025-03-25,Dua\n",
    )
    assert "disk is full" in unchanged(cli, "complaints", path, code=3)


def test_a_repeated_bad_value_is_reported_on_every_row(cli, unchanged, tmp_path):
    """Converted values are remembered per column; errors never are."""
    path = write(
        tmp_path / "p.csv",
        "satker,received_on,summary,anonymous\n"
        "kanwil,31/02/2025,A,ya\n"
        "kanwil,24/03/2025,B,ya\n"
        "kanwil,31/02/2025,C,kadang\n"
        "kanwil,24/03/2025,D,kadang\n",
    )
    stderr = unchanged(cli, "complaints", path)
    assert "3 bad row(s)" in stderr
    assert stderr.count("column received_on: '31/02/2025' is not a valid date") == 2
    assert stderr.count("column anonymous: 'kadang' is not yes or no") == 2


def test_reference_data_changed_while_the_file_was_read_is_checked_again(
    cli, unchanged, tmp_path, monkeypatch
):
    """Rows are validated outside the write lock; a satker deactivated meanwhile is caught."""
    from adurabi_cli.services import importer

    real = importer._validated
    calls = []

    def validated_then_changed(*args, **kwargs):
        batch = real(*args, **kwargs)
        calls.append(len(batch.numbers))
        if len(calls) == 1:
            # Another operator, between our reading and our writing.
            cli("satker", "update", "rutan-bangli", "--inactive")
        return batch

    monkeypatch.setattr(importer, "_validated", validated_then_changed)
    path = write(
        tmp_path / "b.csv",
        "satker,published_on,title,media\nkanwil,2025-03-05,A,x\nrutan-bangli,2025-03-05,B,x\n",
    )
    stderr = unchanged(cli, "news", path)
    assert "row 3, column satker: satker rutan-bangli is inactive" in stderr
    assert calls == [2]  # the second reading raised before returning


def test_a_value_without_a_header_is_named_by_its_column_letter(cli, unchanged, tmp_path):
    path = write(
        tmp_path / "p.csv",
        "satker,,received_on,summary\n"
        "kanwil,,2025-03-03,Satu\n"
        "kanwil,zz,2025-03-04,Dua\n"
        "kanwil,,2025-03-05,Tiga,lebih\n",
    )
    assert unchanged(cli, "complaints", path).splitlines()[1:] == [
        "  row 3, column B: has a value but no header",
        "  row 4, column E: has a value but no header",
    ]
