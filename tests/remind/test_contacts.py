"""Satker contacts for reminders: `satker update` and the satker CSV."""

from __future__ import annotations

import pytest

from adurabi_cli.domain.contacts import clean_phone
from tests.complaints.helpers import refused
from tests.dbtarget import dump


def _satker(cli, code):
    return next(s for s in cli.json("satker", "list") if s["code"] == code)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("(0361) 703-010", "62361703010"),
    ],
)
def test_phone_numbers_are_stored_for_wa_me(typed, stored):
    assert clean_phone(typed) == stored


def test_update_sets_and_clears_a_contact(cli, initialized):
    cli("satker", "update", "rutan-bangli", "--contact-name", " Ni  Luh Putu ", "--email",
        "humas.bangli@example.go.id", "--phone", "0813 3333 4444")  # fmt: skip
    assert _satker(cli, "rutan-bangli") == {
        "code": "rutan-bangli",
        "name": _satker(cli, "rutan-bangli")["name"],
        "kind": "rutan",
        "active": True,
        "contact_name": "Ni Luh Putu",
        "email": "humas.bangli@example.go.id",
        "phone": "6281333334444",
        "aliases": None,
    }
    cli("satker", "update", "rutan-bangli", "--phone", "")
    assert _satker(cli, "rutan-bangli")["phone"] is None
    assert _satker(cli, "rutan-bangli")["email"] == "humas.bangli@example.go.id"


@pytest.mark.parametrize(
    "args, message",
    [
        (("--email", "humas at example"), "'humas at example' is not an e-mail address"),
        (("--email", "a@b"), "is not an e-mail address"),
        (("--phone", "0812-ABC"), "'0812-ABC' is not a phone number"),
        (("--phone", "0812"), "is not a phone number"),
        (("--contact-name", "x" * 201), "longer than 200 characters"),
    ],
)
def test_bad_contacts_are_refused_and_nothing_changes(cli, initialized, args, message):
    before = dump(initialized)
    assert message in refused(cli, "satker", "update", "rutan-bangli", *args)
    assert dump(initialized) == before


def test_csv_import_sets_contacts_only_when_the_columns_are_there(cli, initialized, tmp_path):
    cli("satker", "update", "kanwil", "--email", "lama@kanwil.example")
    with_contacts = tmp_path / "satker.csv"
    with_contacts.write_text(
        "code,name,kind,contact_name,email,phone\n"
        "lapas-kerobokan,Lapas Kerobokan,lapas,Made,humas@kerobokan.example,0812 1111 2222\n"
        "lapas-baru,Lapas Baru,lapas,,baru@example.go.id,\n",
        encoding="utf-8",
    )
    result = cli.json("satker", "import", str(with_contacts))
    assert (result["added"], result["updated"]) == (["lapas-baru"], ["lapas-kerobokan"])
    kerobokan = _satker(cli, "lapas-kerobokan")
    assert (kerobokan["contact_name"], kerobokan["phone"]) == ("Made", "6281211112222")
    assert _satker(cli, "lapas-baru")["email"] == "baru@example.go.id"
    # A file without the contact columns leaves the stored contacts alone.
    plain = tmp_path / "plain.csv"
    plain.write_text("code,name,kind\nkanwil,Kanwil Bali,kanwil\n", encoding="utf-8")
    cli("satker", "import", str(plain))
    assert _satker(cli, "kanwil")["email"] == "lama@kanwil.example"


def test_csv_import_with_a_bad_contact_imports_nothing(cli, initialized, tmp_path):
    bad = tmp_path / "satker.csv"
    bad.write_text(
        "code,name,kind,email\nlapas-baru,Lapas Baru,lapas,bukan-email\n", encoding="utf-8"
    )
    before = dump(initialized)
    result = cli("satker", "import", str(bad), code=1)
    assert "row 2, column email: 'bukan-email' is not an e-mail address" in result.stderr
    assert dump(initialized) == before
