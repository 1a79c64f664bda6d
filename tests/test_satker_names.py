"""Satker by the names people say: code, official name or short name (alias), near misses."""

from __future__ import annotations

import pytest

from tests.dbtarget import rows


def _satker_rows(db_path):
    return rows(db_path, "SELECT code, name, aliases, updated_at FROM satker ORDER BY id")


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("Lapas Kerobokan", "lapas-kerobokan"),
        ("Kanim Ngurah Rai", "kanim-ngurah-rai"),
        ("Rutan Bangli", "rutan-bangli"),
        ("lp  kerobokan", "lapas-kerobokan"),
        ("Imigrasi Ngurah Rai", "kanim-ngurah-rai"),
        ("LPN BANGLI", "lapas-narkotika-bangli"),
        ("Rumah Tahanan Negara Kelas IIB Bangli", "rutan-bangli"),
    ],
)
def test_the_names_people_say_are_understood(cli, initialized, said, code):
    number = cli("complaint", "add", "--satker", said, "--summary", "Antrian").stdout.strip()
    assert cli.json("complaint", "show", number)["satker"] == code
    news = cli.json("news", "add", "--satker", said, "--title", "T", "--media", "online")
    assert news["satker"] == code
    assert [r["code"] for r in cli.json("recap", "--satker", said)["satker"]] == [code]


@pytest.mark.parametrize(
    ("said", "error"),
    [
        ("Lapas Kerobokn", "did you mean lapas-kerobokan or lapas-perempuan-kerobokan?"),
        ("rutan bangly", "did you mean rutan-bangli?"),
        ("Lapas Atlantis", "see `adurabi satker list`"),
    ],
)
def test_a_near_miss_is_offered_and_nothing_stored(cli, initialized, said, error):
    before = rows(initialized, "SELECT * FROM complaint")
    result = cli("complaint", "add", "--satker", said, "--summary", "Antrian", code=1)
    assert result.stderr.strip() == f"Error: unknown satker {said!r}; {error}"
    assert rows(initialized, "SELECT * FROM complaint") == before


def test_aliases_are_set_listed_used_and_cleared(cli, initialized):
    result = cli.json(
        "satker", "update", "rupbasan-denpasar",
        "--alias", "Rupbasan Dps", "--alias", "  rupbasan   DPS ; Gudang Barang Sitaan",
    )  # fmt: skip
    assert result["aliases"] == "Rupbasan Dps; Gudang Barang Sitaan"
    [listed] = [s for s in cli.json("satker", "list") if s["code"] == "rupbasan-denpasar"]
    assert listed["aliases"] == "Rupbasan Dps; Gudang Barang Sitaan"
    number = cli("complaint", "add", "-s", "gudang barang sitaan", "--summary", "X").stdout.strip()
    assert cli.json("complaint", "show", number)["satker"] == "rupbasan-denpasar"
    assert cli.json("satker", "update", "rupbasan-denpasar", "--alias", "")["aliases"] is None
    cli("complaint", "add", "-s", "gudang barang sitaan", "--summary", "X", code=1)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--alias", "LP Kerobokan"), "alias 'LP Kerobokan' already names satker lapas-kerobokan"),
        (("--alias", "Lapas Kerobokan"), "already names satker lapas-kerobokan"),
        (("--alias", "rutan-gianyar"), "already names satker rutan-gianyar"),
        (
            ("--alias", "Rumah Tahanan Negara Kelas IIB Gianyar"),
            "already names satker rutan-gianyar",
        ),
        (("--alias", "x" * 81), "is longer than 80 characters"),
    ],
)
def test_an_alias_naming_another_satker_is_refused(cli, initialized, args, error):
    before = _satker_rows(initialized)
    result = cli("satker", "update", "rutan-bangli", *args, code=1)
    assert error in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert _satker_rows(initialized) == before


def test_add_takes_aliases_and_refuses_taken_ones(cli, initialized):
    cli("satker", "add", "lapas-nusa-penida", "--name", "Lapas Nusa Penida", "--kind", "lapas",
        "--alias", "LP Penida")  # fmt: skip
    number = cli("complaint", "add", "-s", "lp penida", "--summary", "X").stdout.strip()
    assert cli.json("complaint", "show", number)["satker"] == "lapas-nusa-penida"
    before = _satker_rows(initialized)
    result = cli("satker", "add", "lapas-lain", "--name", "Lain", "--kind", "lapas",
                 "--alias", "lp penida", code=1)  # fmt: skip
    assert "already names satker lapas-nusa-penida" in result.stderr
    assert _satker_rows(initialized) == before


def test_the_listed_csv_imports_back_unchanged_and_a_file_sets_aliases(cli, initialized, tmp_path):
    listed = tmp_path / "satker.csv"
    listed.write_text(cli("satker", "list", "--csv").stdout, encoding="utf-8")
    assert cli.json("satker", "import", listed)["updated"] == []
    edited = tmp_path / "edited.csv"
    edited.write_text(
        "code,name,kind,aliases\n"
        "rutan-gianyar,Rumah Tahanan Negara Kelas IIB Gianyar,rutan,Rutan Gnr\n"
        "kanwil,Kantor Wilayah Kementerian Hukum dan HAM Bali,kanwil,\n",
        encoding="utf-8",
    )
    assert cli.json("satker", "import", edited)["updated"] == ["rutan-gianyar", "kanwil"]
    stored = {s["code"]: s["aliases"] for s in cli.json("satker", "list")}
    assert (stored["rutan-gianyar"], stored["kanwil"]) == ("Rutan Gnr", None)
    taken = tmp_path / "taken.csv"
    taken.write_text(
        "code,name,kind,aliases\nrutan-bangli,Rumah Tahanan Negara Kelas IIB Bangli,rutan,"
        "Rutan Gnr\n",
        encoding="utf-8",
    )
    before = _satker_rows(initialized)
    assert "already names satker rutan-gianyar" in cli("satker", "import", taken, code=1).stderr
    assert _satker_rows(initialized) == before
