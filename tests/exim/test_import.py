"""`adurabi import`: what is accepted, what is skipped as a duplicate, what --json says."""

from __future__ import annotations

import json
from datetime import date, datetime

import openpyxl

from tests.conftest import run_adurabi
from tests.excel.helpers import make_xlsx
from tests.exim.conftest import db_rows, snapshot

COMPLAINT_HEADER = "Satker;Tanggal Diterima;Kanal;Ringkasan Pengaduan;Nama Pengadu;Anonim"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def complaints(db_path):
    return db_rows(
        db_path,
        "SELECT number, s.code, received_on, channel, summary, complainant_name, anonymous, "
        "status, due_on FROM complaint c JOIN satker s ON s.id = c.satker_id ORDER BY c.id",
    )


def test_csv_of_complaints_with_semicolons_bom_and_indonesian_headers(cli, initialized, tmp_path):
    path = write(
        tmp_path / "pengaduan.csv",
        "\ufeff" + COMPLAINT_HEADER + "\r\n"
        "lapas-kerobokan;24/03/2025;WhatsApp;Antrean kunjungan lama;Made;tidak\r\n"
        # Stray spaces everywhere, a satker named by its official name, an ISO date.
        "  Rumah Tahanan Negara Kelas IIB Bangli ; 2025-03-25 ; email ;  Petugas   tidak ramah ;"
        " ; YA \r\n"
        # An Excel day number for a date (45742 = 2025-03-26).
        "kanwil;45742;;Informasi remisi;;\r\n",
    )
    report = cli.json("import", "complaints", path)
    assert report == {
        "file": str(path),
        "kind": "complaints",
        "rows": 3,
        "imported": 3,
        "duplicates": [],
        "dry_run": False,
    }
    assert complaints(initialized) == [
        ("PGD-2025-00001", "lapas-kerobokan", "2025-03-24", "whatsapp",
         "Antrean kunjungan lama", "Made", 0, "diterima", "2025-04-15"),
        ("PGD-2025-00002", "rutan-bangli", "2025-03-25", "email",
         "Petugas   tidak ramah", None, 1, "diterima", "2025-04-16"),
        ("PGD-2025-00003", "kanwil", "2025-03-26", "lainnya",
         "Informasi remisi", None, 0, "diterima", "2025-04-17"),
    ]  # fmt: skip
    history = db_rows(initialized, "SELECT action, operator, note FROM history")
    assert history == [("create", "tester", "imported from pengaduan.csv")] * 3


def test_csv_with_commas_field_names_and_no_bom(cli, initialized, tmp_path):
    path = write(
        tmp_path / "berita.csv",
        "satker,published_on,title,media,url,views,likes\n"
        'kanwil,2025-03-05,"Rakor, pengaduan",online,https://BaliPost.com/a/?utm_source=x,"1.250",3\n'
        "kanwil,06/03/2025,Bakti sosial,Instagram,,,\n",
    )
    result = cli("import", "news", path)
    assert result.stdout == ""
    assert "Imported 2 news item(s) from berita.csv; 0 duplicate(s) skipped." in result.stderr
    rows = db_rows(initialized, "SELECT title, media, url, url_key, views, likes FROM news")
    assert rows == [
        ("Rakor, pengaduan", "online", "https://balipost.com/a/?utm_source=x",
         "balipost.com/a", 1250, 3),
        ("Bakti sosial", "instagram", None, None, None, None),
    ]  # fmt: skip


def test_filled_in_template_imports(cli, initialized, tmp_path):
    path = tmp_path / "isian.xlsx"
    cli("template", "complaints", "--out", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pengaduan"]
    headers = [c.value for c in ws[1]]
    values = {
        "Satker": "lapas-kerobokan",
        "Tanggal Diterima": datetime(2025, 3, 24),
        "Ringkasan Pengaduan": "Jam kunjungan\nterlalu singkat",
        "Kanal": "langsung",
        "Kontak Pengadu": "081234567890",
    }
    ws.append([values.get(str(h).rstrip(" *")) for h in headers])
    wb.save(path)
    report = cli.json("import", "complaints", path)
    assert (report["rows"], report["imported"]) == (1, 1)
    [(number, summary, contact)] = db_rows(
        initialized, "SELECT number, summary, complainant_contact FROM complaint"
    )
    assert (number, summary, contact) == (
        "PGD-2025-00001",
        "Jam kunjungan\nterlalu singkat",
        "081234567890",
    )


def test_dry_run_checks_and_writes_nothing(cli, initialized, tmp_path):
    path = write(tmp_path / "p.csv", COMPLAINT_HEADER + "\nkanwil;24/03/2025;;Antre;;\n")
    before = snapshot(initialized)
    report = cli.json("import", "complaints", path, "--dry-run")
    assert (report["rows"], report["imported"], report["dry_run"]) == (1, 1, True)
    result = cli("import", "complaints", path, "--dry-run")
    assert "1 complaint(s) would be imported" in result.stderr
    assert "Nothing was written" in result.stderr
    assert snapshot(initialized) == before


def test_duplicates_are_reported_and_skipped_never_doubled(cli, initialized, tmp_path):
    path = write(
        tmp_path / "p.csv",
        "satker,received_on,summary,external_ref\n"
        "kanwil,2025-03-24,Antre lama,LPR-1\n"
        "kanwil,2025-03-24,Antre lama lagi,LPR-1\n"  # same reference as the row above
        "kanwil,2025-03-25,Tanpa nomor,\n"
        "kanwil,2025-03-25,Tanpa nomor,\n",  # same content, no number nor reference
    )
    first = cli.json("import", "complaints", path)
    assert (first["rows"], first["imported"]) == (4, 2)
    assert first["duplicates"] == [
        {"row": 3, "reason": "external ref LPR-1 repeats an earlier row"},
        {"row": 5, "reason": "same satker, received date and summary as row 4"},
    ]
    again = cli("import", "complaints", path)
    assert "Imported 0 complaint(s) from p.csv; 4 duplicate(s) skipped." in again.stderr
    assert "  duplicate: row 2: external ref LPR-1 is already used by PGD-2025-00001" in (
        again.stderr
    )
    assert "complaint PGD-2025-00002 has the same satker, received date and summary" in (
        again.stderr
    )
    assert len(complaints(initialized)) == 2


def test_news_duplicates_by_normalised_url_and_by_content(cli, initialized, tmp_path):
    cli("news", "add", "--satker", "kanwil", "--title", "Rakor", "--media", "online",
        "--date", "2025-03-05", "--url", "https://www.balipost.com/rakor")  # fmt: skip
    path = write(
        tmp_path / "b.csv",
        "satker,published_on,title,media,url\n"
        "kanwil,2025-03-05,Rakor,online,HTTPS://WWW.BALIPOST.COM/rakor/?utm_medium=x&fbclid=1\n"
        "kanwil,2025-03-06,Unggahan,instagram,\n"
        "kanwil,2025-03-06,Unggahan,instagram,\n"
        "kanwil,2025-03-07,Baru,online,https://balipost.com/baru\n"
        "kanwil,2025-03-08,Baru lagi,online,https://balipost.com/baru?utm_source=wa\n",
    )
    report = cli.json("import", "news", path)
    assert report["imported"] == 2
    assert [d["row"] for d in report["duplicates"]] == [2, 4, 6]
    assert report["duplicates"][0]["reason"].startswith("this URL is already recorded as news 1")
    assert report["duplicates"][2]["reason"] == "this URL repeats row 5"
    again = cli.json("import", "news", path)
    assert again["imported"] == 0 and len(again["duplicates"]) == 5
    assert db_rows(initialized, "SELECT count(*) FROM news") == [(3,)]


def test_many_duplicates_listed_in_part_on_stderr_all_in_json(cli, initialized, tmp_path):
    lines = "".join(f"kanwil,2025-03-{1 + i % 28:02d},Isi {i},REF-{i}\n" for i in range(15))
    path = write(tmp_path / "p.csv", "satker,received_on,summary,external_ref\n" + lines)
    cli("import", "complaints", path)
    result = cli("import", "complaints", path)
    assert result.stderr.count("  duplicate: row ") == 10
    assert "... and 5 more (all of them with --json)" in result.stderr
    assert len(cli.json("import", "complaints", path)["duplicates"]) == 15


def test_a_recap_sheet_below_its_title_block_imports(cli, initialized, tmp_path):
    path = make_xlsx(
        tmp_path / "rekap.xlsx",
        [
            ["Rekapitulasi Pengaduan dan Berita"],
            ["Satker: Lapas"],
            [],
            ["Satker", "Tanggal Terbit", "Judul", "Media", "Dilihat"],
            ["lapas-kerobokan", date(2025, 3, 5), "Pembinaan", "website", 12],
            # A date typed as text, and one Excel kept as its day number (45722 = 6/3/2025).
            [" kanwil ", "06/03/2025", " Rapat  kerja ", "Instagram", "1.500"],
            ["rutan-bangli", 45722, "Bakti sosial", "x", 7.0],
            ["Jumlah", "3 berita", None, None, 1519],
        ],
        title="Berita",
        extra_sheets=("Ringkasan",),
    )
    report = cli.json("import", "news", path)
    assert (report["rows"], report["imported"]) == (3, 3)
    assert db_rows(initialized, "SELECT published_on, title, media, views FROM news") == [
        ("2025-03-05", "Pembinaan", "website", 12),
        ("2025-03-06", "Rapat kerja", "instagram", 1500),
        ("2025-03-06", "Bakti sosial", "x", 7),
    ]


def test_progress_bar_on_a_terminal_for_a_large_file(cli, initialized, tmp_path, monkeypatch):
    body = "".join(f"kanwil,2025-03-{1 + i % 28:02d},Isi {i}\n" for i in range(6000))
    path = write(tmp_path / "besar.csv", "satker,received_on,summary\n" + body)
    monkeypatch.setenv("ADURABI_TTY", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("import", "complaints", path, "--dry-run")
    assert "Checking rows" in result.stderr
    assert "6000 complaint(s) would be imported" in result.stderr
    monkeypatch.setenv("ADURABI_TTY", "0")
    result = cli("import", "complaints", path, "--dry-run")
    assert "Checking rows" not in result.stderr
    small = write(tmp_path / "kecil.csv", "satker,received_on,summary\nkanwil,2025-03-01,Isi\n")
    monkeypatch.setenv("ADURABI_TTY", "1")
    assert "Checking rows" not in cli("import", "complaints", small).stderr


def test_json_is_valid_for_an_import_of_news(cli, initialized, tmp_path):
    path = write(tmp_path / "b.csv", "satker,published_on,title,media\nkanwil,2025-03-05,A,x\n")
    result = cli("import", "news", path, "--json")
    assert json.loads(result.stdout)["imported"] == 1
    assert result.stderr == ""


def test_list_csv_files_import_with_their_program_columns_ignored(cli, seeded, tmp_path):
    """`complaint list --csv` / `news list --csv` carry id, created_at... at both ends."""
    complaints_csv = tmp_path / "pengaduan.csv"
    complaints_csv.write_text(cli("complaint", "list", "--limit", "0", "--csv").stdout)
    news_csv = tmp_path / "berita.csv"
    news_csv.write_text(cli("news", "list", "--limit", "0", "--csv").stdout)
    other = tmp_path / "lain.db"
    cli("--db", other, "init")
    assert cli.json("--db", other, "import", "complaints", complaints_csv)["imported"] == 9
    assert cli.json("--db", other, "import", "news", news_csv)["imported"] == 6
    fields = "number, received_on, summary, complainant_name, status, due_on, resolved_on"
    query = f"SELECT {fields} FROM complaint WHERE deleted_at IS NULL ORDER BY number"
    assert db_rows(seeded, query) == db_rows(other, query)


def test_a_large_csv_imports_whole_and_in_order(initialized, tmp_path):
    """Bad rows anywhere in a large CSV are named by their own row numbers, and the good
    file imports every row in file order, a cell spanning lines in the middle kept whole."""
    count = 24_000
    lines = [f"kanwil;2025-03-{1 + i % 28:02d};Aduan nomor {i}" for i in range(count)]
    lines[11_000] = 'kanwil;2025-03-02;"Aduan dua baris\nbaris kedua"'
    bad = list(lines)
    bad[7] = "lapas-entah;2025-03-02;Aduan"  # row 9, in the first part
    bad[23_000] = "kanwil;31/02/2025;Aduan"  # row 23,002, in the second
    path = tmp_path / "besar.csv"
    write(path, "\n".join(["satker;received_on;summary", *bad]) + "\n")
    refused = run_adurabi("import", "complaints", path)
    assert refused.returncode == 1, refused.stderr
    assert "2 bad row(s); nothing was imported" in refused.stderr
    assert "row 9, column satker: unknown satker 'lapas-entah'" in refused.stderr
    assert "row 23002, column received_on:" in refused.stderr
    assert db_rows(initialized, "SELECT count(*) FROM complaint") == [(0,)]

    write(path, "\n".join(["satker;received_on;summary", *lines]) + "\n")
    # On a terminal: the progress bar is drawn.
    done = run_adurabi("import", "complaints", path, "--json", env={"ADURABI_TTY": "1"})
    assert done.returncode == 0, done.stderr
    assert "Checking rows" in done.stderr
    assert json.loads(done.stdout)["imported"] == count
    stored = db_rows(initialized, "SELECT number, summary FROM complaint ORDER BY id")
    assert [number for number, _ in stored] == [f"PGD-2025-{n:05d}" for n in range(1, count + 1)]
    assert stored[11_000][1] == "Aduan dua baris\nbaris kedua"
    after = [summary for _, summary in stored[11_001:11_003]]
    assert after == ["Aduan nomor 11001", "Aduan nomor 11002"]
