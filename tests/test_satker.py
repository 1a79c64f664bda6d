"""The satker registry: list, add, update, import."""

from __future__ import annotations

import pytest


def codes(cli, *args):
    return [s["code"] for s in cli.json("satker", "list", *args)]


def test_add_then_list(cli, initialized):
    result = cli(
        "satker", "add", "lapas-nusa-penida", "--name", "  Lapas   Nusa Penida ", "--kind", "lapas"
    )
    assert result.stdout.strip() == "lapas-nusa-penida"
    added = cli.json("satker", "list")[-1]
    assert added == {
        "code": "lapas-nusa-penida",
        "name": "Lapas Nusa Penida",
        "kind": "lapas",
        "active": True,
        "contact_name": None,
        "email": None,
        "phone": None,
        "aliases": None,
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (("Lapas Baru", "--name", "X", "--kind", "lapas"), "code 'Lapas Baru' is not valid"),
        (("lapas--baru", "--name", "X", "--kind", "lapas"), "is not valid"),
        (
            ("lapas-baru", "--name", "X", "--kind", "penjara"),
            "unknown satker kind 'penjara'; valid: kanwil, lapas",
        ),
        (("lapas-baru", "--name", "   ", "--kind", "lapas"), "satker name is empty"),
        (
            ("lapas-kerobokan", "--name", "X", "--kind", "lapas"),
            "satker lapas-kerobokan already exists",
        ),
    ],
)
def test_add_refuses_bad_input_and_changes_nothing(cli, initialized, args, message):
    before = cli.json("satker", "list")
    result = cli("satker", "add", *args, code=1)
    assert message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert cli.json("satker", "list") == before


def test_update_renames_and_deactivates(cli, initialized):
    cli("satker", "update", "rutan-negara", "--name", "Rutan Kelas IIB Negara", "--inactive")
    row = next(s for s in cli.json("satker", "list") if s["code"] == "rutan-negara")
    assert row["name"] == "Rutan Kelas IIB Negara"
    assert row["active"] is False
    assert "rutan-negara" not in codes(cli, "--active")
    cli("satker", "update", "rutan-negara", "--active")
    assert "rutan-negara" in codes(cli, "--active")


def test_update_refuses_unknown_and_empty_changes(cli, initialized):
    assert (
        "unknown satker 'lapas-x'"
        in cli("satker", "update", "lapas-x", "--name", "X", code=1).stderr
    )
    assert "nothing to change" in cli("satker", "update", "kanwil", code=1).stderr
    assert "unknown satker kind" in cli("satker", "update", "kanwil", "--kind", "x", code=1).stderr


def test_import_adds_and_updates_all_or_nothing(cli, initialized, tmp_path):
    csv = tmp_path / "satker.csv"
    csv.write_text(
        "\ufeffcode,name,kind\n"
        "kanwil,Kantor Wilayah Kementerian Hukum Bali,kanwil\n"
        "kanim-tabanan,Kantor Imigrasi Tabanan,imigrasi\n"
        "lapas-kerobokan,Lembaga Pemasyarakatan Kelas IIA Kerobokan,lapas\n",
        encoding="utf-8",
    )
    dry = cli.json("satker", "import", csv, "--dry-run")
    assert dry == {
        "added": ["kanim-tabanan"],
        "updated": ["kanwil"],
        "unchanged": 1,
        "dry_run": True,
    }
    assert "kanim-tabanan" not in codes(cli)
    result = cli("satker", "import", csv)
    assert "Added 1, updated 1, unchanged 1." in result.stderr
    assert "kanim-tabanan" in codes(cli)
    assert cli.json("satker", "list")[0]["name"] == "Kantor Wilayah Kementerian Hukum Bali"


def test_import_lists_every_bad_row_and_writes_nothing(cli, initialized, tmp_path):
    csv = tmp_path / "satker.csv"
    csv.write_text(
        "code;name;kind\n"
        "ok-satu;Satu;lapas\n"
        "Bad Code;Dua;lapas\n"
        "ok-tiga;;rutan\n"
        "ok-empat;Empat;penjara\n"
        "ok-satu;Satu lagi;lapas\n"
    )
    before = cli.json("satker", "list")
    result = cli("satker", "import", csv, code=1)
    err = result.stderr
    assert "Error: satker.csv: 4 bad row(s); nothing was imported" in err
    assert "row 3, column code" in err
    assert "row 4, column name: satker name is empty" in err
    assert "row 5, column kind: unknown satker kind 'penjara'" in err
    assert "row 6, column code: repeats row 2" in err
    assert cli.json("satker", "list") == before


@pytest.mark.parametrize(
    "content, message",
    [
        ("code,name\nx,X\n", "missing column(s) kind"),
        ("", "is empty"),
        ("code,name,kind\n", "has no satker rows"),
    ],
)
def test_import_refuses_bad_files(cli, initialized, tmp_path, content, message):
    csv = tmp_path / "s.csv"
    csv.write_text(content)
    assert message in cli("satker", "import", csv, code=1).stderr


def test_import_refuses_other_encodings_and_missing_files(cli, initialized, tmp_path):
    csv = tmp_path / "latin.csv"
    csv.write_bytes("code,name,kind\nlapas-x,Lapas Pemuda Ñ,lapas\n".encode("latin-1"))
    assert "is not UTF-8 text" in cli("satker", "import", csv, code=1).stderr
    assert "no file at" in cli("satker", "import", tmp_path / "nope.csv", code=1).stderr
    assert "is a folder" in cli("satker", "import", tmp_path, code=1).stderr


def test_list_formats(cli, initialized, monkeypatch):
    plain = cli("satker", "list").stdout.splitlines()
    assert plain[0].split("\t") == [
        "kanwil",
        "Kantor Wilayah Kementerian Hukum dan HAM Bali",
        "kanwil",
        "ya",
        "",
        "",
        "Kanwil Bali; Kanwil Kemenkumham Bali",
    ]
    csv = cli("satker", "list", "--csv").stdout.splitlines()
    assert csv[0] == "code,name,kind,active,contact_name,email,phone,aliases"
    assert csv[1] == (
        "kanwil,Kantor Wilayah Kementerian Hukum dan HAM Bali,kanwil,true,,,,"
        "Kanwil Bali; Kanwil Kemenkumham Bali"
    )
    assert (
        "choose one of --json and --csv" in cli("satker", "list", "--json", "--csv", code=1).stderr
    )
    monkeypatch.setenv("ADURABI_TTY", "1")
    table = cli("satker", "list").stdout
    assert "Kode" in table and "┃" in table
    assert "\x1b[36m" in table  # the code column in cyan
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[36m" not in cli("satker", "list").stdout
