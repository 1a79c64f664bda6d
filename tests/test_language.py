"""Indonesian by default, English on request: help, errors and warnings in both; the output for
scripts (`--json`, `--csv`) and the command names the same in both."""

from __future__ import annotations

import pytest

from tests.conftest import run_adurabi


@pytest.fixture
def indonesian(monkeypatch):
    monkeypatch.setenv("ADURABI_LANG", "id")


def test_the_compiled_catalog_is_the_po_file_compiled():
    """The .mo shipped in the package never drifts from the .po: run tools/i18n_catalog.py."""
    from tools.i18n_catalog import MO_FILE, compiled, read_catalog

    assert MO_FILE.read_bytes() == compiled(read_catalog())


def test_help_is_indonesian_by_default_and_english_on_request(monkeypatch):
    monkeypatch.delenv("ADURABI_LANG")
    monkeypatch.delenv("LANGUAGE")
    shown = run_adurabi("complaint", "--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("Penggunaan: adurabi complaint [OPTIONS] COMMAND")
    assert "Opsi:" in shown.stdout and "Perintah:" in shown.stdout
    assert "Tampilkan pesan ini lalu keluar." in shown.stdout
    assert "  tambah, add " in shown.stdout  # the Indonesian name beside the English one
    english = run_adurabi("complaint", "--help", env={"ADURABI_LANG": "en"})
    assert english.stdout.startswith("Usage: adurabi complaint [OPTIONS] COMMAND")
    assert "Show this message and exit." in english.stdout
    assert "  add " in english.stdout and "tambah" not in english.stdout


def test_the_lang_option_chooses_the_language(cli):
    assert "Penggunaan: adurabi rekap" in cli("--lang", "id", "rekap", "--help").stdout
    assert cli("--lang", "en", "--help").stdout.startswith("Usage: adurabi")
    indonesian = cli("--lang", "id", "--help").stdout
    assert "  pengaduan, complaint " in indonesian and "  rekap, recap " in indonesian


def test_an_unknown_language_is_one_error_line(cli, monkeypatch):
    result = cli("--lang", "fr", "info", code=1)
    assert result.stderr == "Error: --lang 'fr' is not a language of adurabi; use id or en\n"
    monkeypatch.setenv("ADURABI_LANG", "fr")  # said in the default language, Indonesian
    result = cli("info", code=1)
    assert result.stderr == "Error: ADURABI_LANG 'fr' bukan bahasa adurabi; gunakan id atau en\n"


def test_a_usage_error_in_indonesian_keeps_the_english_prefix(cli, indonesian):
    result = cli("pengaduan", "tambah", "--bogus", code=2)
    assert (
        result.stderr
        == "Error: Tidak ada opsi: --bogus (lihat 'adurabi pengaduan tambah --help')\n"
    )
    result = cli("complaint", "add", "--summary", "x", code=2)
    assert result.stderr == (
        "Error: Opsi '--satker' / '-s' belum diberikan (lihat 'adurabi complaint add --help')\n"
    )


def test_an_error_of_a_service_in_both_languages(cli, initialized, monkeypatch):
    english = "Error: no complaint PGD-2025-00099; give its id or number (PGD-YYYY-NNNNN)\n"
    assert cli("complaint", "show", "PGD-2025-00099", code=1).stderr == english
    monkeypatch.setenv("ADURABI_LANG", "id")
    result = cli("pengaduan", "lihat", "PGD-2025-00099", code=1)
    assert result.stderr == (
        "Error: tidak ada pengaduan PGD-2025-00099; berikan id atau nomornya (PGD-YYYY-NNNNN)\n"
    )


def test_indonesian_names_run_the_same_commands(cli, initialized):
    number = cli("pengaduan", "tambah", "-s", "kanwil", "--summary", "Antrean", "--received",
                 "2025-03-03").stdout.strip()  # fmt: skip
    assert number == "PGD-2025-00001"
    assert [row["number"] for row in cli.json("complaint", "list")] == [number]
    assert cli.json("pengaduan", "lihat", number)["summary"] == "Antrean"
    cli("berita", "tambah", "-s", "kanwil", "--title", "Bakti sosial", "--media", "website",
        "--date", "2025-03-12")  # fmt: skip
    assert [row["title"] for row in cli.json("news", "daftar")] == ["Bakti sosial"]


def test_a_warning_in_indonesian(cli, initialized, indonesian):
    cli("period", "close", "2025-03")
    result = cli("pengaduan", "tambah", "-s", "kanwil", "--summary", "Antrean", "--received",
                 "2025-03-20")  # fmt: skip
    assert result.stderr.splitlines()[-1] == (
        "Warning: Maret 2025 sudah ditutup (tutup buku): perubahan ini disimpan tetapi tidak "
        "tampil dalam laporan yang ditutup"
    )


@pytest.mark.parametrize(
    "command",
    [
        ("complaint", "list", "--json"),
        ("complaint", "list", "--csv"),
        ("news", "list", "--json"),
        ("recap", "--month", "2025-03", "--json"),
        ("news", "list", "--csv"),
    ],
    ids=" ".join,
)
def test_output_for_scripts_is_the_same_in_both_languages(cli, initialized, monkeypatch, command):
    cli("complaint", "add", "-s", "kanwil", "--summary", "Antrean", "--received", "2025-03-03")
    cli("news", "add", "-s", "kanwil", "--title", "Bakti sosial", "--media", "website",
        "--date", "2025-03-12")  # fmt: skip
    english = cli(*command).stdout
    monkeypatch.setenv("ADURABI_LANG", "id")
    assert cli(*command).stdout == english


def test_a_group_without_its_command_shows_its_help(cli, indonesian):
    for path in ((), ("pengaduan",)):
        result = cli(*path, code=2)
        assert result.stderr.startswith("Penggunaan: adurabi"), result.stderr
        assert "Error:" not in result.stderr
