"""The settings of the letterhead and signature block, and the exported workbooks using them."""

from __future__ import annotations

import openpyxl
import pytest


def _signature(path, place):
    ws = openpyxl.load_workbook(path)["Ringkasan"]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value]
    start = next(i for i, text in enumerate(texts) if str(text).startswith(f"{place}, "))
    return texts[start:]


def test_the_office_settings_sign_every_exported_recap(cli, initialized, tmp_path):
    assert {s["key"]: s["value"] for s in cli.json("setting", "list")}["place"] == "Denpasar"
    cli("setting", "set", "office_name", "KEMENTERIAN HUKUM  |  KANTOR WILAYAH BALI")
    cli("setting", "set", "office_address", "Jalan Contoh No. 1, Denpasar")
    cli("setting", "set", "signer_name", "I Made Contoh, S.H.")
    cli("setting", "set", "signer_nip", "19700101 199003 1 001")
    cli("setting", "set", "place", "Badung")
    cli("export", "--month", "2025-03", "--out", tmp_path, "--satker", "kanwil", "--quiet")
    for path in (tmp_path / "rekap-2025-03.xlsx", tmp_path / "2025-03" / "kanwil.xlsx"):
        wb = openpyxl.load_workbook(path)
        for ws in wb:
            assert [ws[f"A{n}"].value for n in (1, 2, 3)] == [
                "KEMENTERIAN HUKUM",
                "KANTOR WILAYAH BALI",
                "Jalan Contoh No. 1, Denpasar",
            ], (path.name, ws.title)
            assert ws["A4"].value is None and ws["A5"].value.startswith("Rekapitulasi")
        block = _signature(path, "Badung")
        assert block[0].startswith("Badung, ") and block[1:] == [
            "Kepala Kantor Wilayah",
            "I Made Contoh, S.H.",
            "NIP 197001011990031001",
        ]
    # Cleared, the name leaves a dotted line to sign over and the place is Denpasar again.
    cli("setting", "set", "signer_name", "")
    cli("setting", "set", "place", "")
    cli("export", "--month", "2025-03", "--out", tmp_path, "--satker", "kanwil", "--quiet")
    assert _signature(tmp_path / "rekap-2025-03.xlsx", "Denpasar")[2].startswith("(....")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("signer_nip", "1970", "signer_nip must be an NIP of 18 digits, not '1970'"),
        ("signer_nip", "19700101199003100X", "18 digits"),
        ("signer_name", "x" * 121, "at most 120 printable characters"),
        ("office_address", "baris\x07", "printable"),
    ],
)
def test_bad_office_settings_are_refused(cli, initialized, key, value, message):
    result = cli("setting", "set", key, value, code=1)
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert {s["key"]: s["value"] for s in cli.json("setting", "list")}[key] is None
