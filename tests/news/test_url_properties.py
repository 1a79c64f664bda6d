"""Property tests: two spellings of one address are one item; two addresses are two."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adurabi_cli.db.store import open_store
from adurabi_cli.domain.urls import IGNORED_PARAMS
from adurabi_cli.services.news import find_duplicates, prepare_news
from adurabi_cli.services.refdata import load_refdata

TODAY = date(2025, 4, 30)
TRACKING = ["utm_source", "utm_medium", "UTM_Campaign", "fbclid", "igshid", "igsh", "si"]

labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?", fullmatch=True)
hosts = st.lists(labels, min_size=1, max_size=2).map(lambda parts: ".".join([*parts, "id"]))
paths = st.lists(
    st.from_regex(r"[A-Za-z0-9._~-]{1,8}", fullmatch=True).filter(lambda s: s != "amp"), max_size=3
).map(lambda parts: "".join("/" + p for p in parts))
kept = st.lists(
    st.tuples(
        st.from_regex(r"[a-z][a-z0-9]{0,4}", fullmatch=True).filter(
            lambda n: n not in IGNORED_PARAMS and not n.startswith("utm")
        ),
        st.from_regex(r"[A-Za-z0-9]{0,5}", fullmatch=True),
    ),
    max_size=2,
)


@pytest.fixture(scope="module")
def ref_and_store(new_initialized_db):
    store = open_store(str(new_initialized_db()))
    with store.read() as conn:
        ref = load_refdata(conn)
    yield ref, store
    store.close()


def _row(ref, url):
    raw = {"satker": "kanwil", "title": "T", "media": "online", "url": url}
    return prepare_news(ref, raw, today=TODAY)


@settings(max_examples=60, deadline=None)
@given(
    hosts,
    paths,
    kept,
    st.lists(st.tuples(st.sampled_from(TRACKING), labels), max_size=3),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "#", "#top", "#/komentar?x=1"]),
)
def test_spellings_of_one_address_are_one_item(
    ref_and_store, host, path, query, tracking, www, shout, slash, fragment
):
    ref, store = ref_and_store
    plain = f"https://{host}{path}" + (
        "?" + "&".join(f"{k}={v}" for k, v in query) if query else ""
    )
    pairs = [f"{k}={v}" for k, v in [*query, *tracking]]
    variant = (
        ("HTTP://" if shout else "http://")
        + ("www." if www else "")
        + (host.upper() if shout else host)
        + path
        + ("/" if slash else "")
        + ("?" + "&".join(pairs) if pairs else "")
        + fragment
    )
    with store.read() as conn:
        found = find_duplicates(conn, [_row(ref, plain), _row(ref, variant)])
    assert found == {1: "this URL repeats item 1"}


@settings(max_examples=60, deadline=None)
@given(hosts, paths, paths, kept, kept)
def test_different_addresses_are_different_items(ref_and_store, host, a, b, qa, qb):
    ref, store = ref_and_store

    def url(path, query):
        return f"https://{host}{path}" + (
            "?" + "&".join(f"{k}={v}" for k, v in query) if query else ""
        )

    first, second = url(a, qa), url(b, qb)
    same = a.rstrip("/") == b.rstrip("/") and [f"{k}={v}" for k, v in qa] == [
        f"{k}={v}" for k, v in qb
    ]
    with store.read() as conn:
        found = find_duplicates(conn, [_row(ref, first), _row(ref, second)])
    assert (found == {1: "this URL repeats item 1"}) == same


@settings(max_examples=60, deadline=None)
@given(hosts, paths, kept)
def test_the_stored_url_keeps_path_and_query_as_typed(ref_and_store, host, path, query):
    ref, _ = ref_and_store
    tail = path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    assert _row(ref, f"HTTPS://WWW.{host.upper()}{tail}")["url"] == f"https://www.{host}{tail}"
