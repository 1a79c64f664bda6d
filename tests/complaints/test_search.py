"""`complaint list --search` through the search index: LIKE's meaning (the text anywhere in the
summary, complainant, number or external ref; case ignored; % _ " and ' themselves), kept in
step with every change of those fields. Both engines."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adurabi_cli.db.store import open_store
from adurabi_cli.services.complaint_queries import ListRequest, list_complaints

# Few letters, so that short texts often occur inside the summaries and often do not.
ALPHABET = "abAB %_\"'-é"
FIELDS = ("summary", "complainant_name", "number", "external_ref")


@pytest.fixture
def stored(cli, initialized):
    """Complaints with random texts from ALPHABET, their texts read back from show --json."""
    chosen = random.Random(15)
    for index in range(24):
        summary = "".join(chosen.choice(ALPHABET) for _ in range(chosen.randint(1, 12)))
        extra = ["--complainant", f"Nama {summary[::-1]}"] if index % 3 == 0 else []
        if index % 4 == 0:
            extra += ["--external-ref", f"LAPOR-{index}{summary[:2]}"]
        cli("complaint", "add", "-s", "kanwil", "--summary", summary.strip() or "a", *extra)
    records = cli.json("complaint", "list", "--limit", "0")
    store = open_store(str(initialized))
    yield store, records
    store.close()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.text(ALPHABET, min_size=1, max_size=5))
def test_search_finds_exactly_the_complaints_holding_the_text(stored, words):
    store, records = stored
    words = words.strip()  # as --search takes it
    if not words:
        return  # a blank search is no search
    expected = {
        r["number"] for r in records if any(words.lower() in (r[f] or "").lower() for f in FIELDS)
    }
    found, _ = list_complaints(store, ListRequest(search=words, limit=0))
    assert {r["number"] for r in found} == expected, words


def test_the_index_follows_each_change_of_a_searched_field(cli, initialized):
    number = cli("complaint", "add", "-s", "kanwil", "--summary", "Antrean kunjungan lama",
                 "--complainant", "Wayan").stdout.strip()  # fmt: skip

    def found(words: str) -> list[str]:
        return [r["number"] for r in cli.json("complaint", "list", "--search", words)]

    assert found("kunjungan") == [number] and found("wayan") == [number]
    cli("complaint", "update", number, "--summary", "Layanan paspor cepat",
        "--complainant", "Ketut", "--external-ref", "LAPOR-991")  # fmt: skip
    assert found("kunjungan") == [] and found("wayan") == []
    assert found("PASPOR CEPAT") == [number] and found("ketut") == [number]
    assert found("apor-99") == [number] and found(number[-5:]) == [number]
    cli("complaint", "update", number, "--external-ref", "")
    assert found("apor-99") == []
    cli("complaint", "delete", number, "--note", "dobel")
    assert found("paspor") == []
