"""Operator accounts need PostgreSQL: on SQLite the commands say so and change nothing."""

from __future__ import annotations

import pytest

from tests.complaints.helpers import refused
from tests.dbtarget import dump


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "args",
    [
        ("add", "humas_kerobokan", "--satker", "lapas-kerobokan", "--role", "satker",
         "--generate-password"),
        ("list",),
        ("disable", "humas_kerobokan"),
        ("password", "humas_kerobokan", "--generate-password"),
    ],
)  # fmt: skip
def test_operator_commands_on_sqlite_are_refused(cli, initialized, args):
    before = dump(initialized)
    error = refused(cli, "operator", *args)
    assert "operator accounts need a PostgreSQL database" in error
    assert dump(initialized) == before


@pytest.mark.parametrize("password", ["pendek", "dua\tkata-panjang-sekali"])
def test_weak_or_odd_passwords_are_refused(cli, initialized, password):
    before = dump(initialized)
    result = cli("operator", "add", "humas_kerobokan", "--satker", "lapas-kerobokan",
                 "--role", "satker", input=f"{password}\n{password}\n", code=1)  # fmt: skip
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: the password must")
    assert password not in result.stdout
    assert dump(initialized) == before
