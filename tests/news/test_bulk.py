"""The functions import and demo call: prepare_news, find_duplicates, insert_news."""

from __future__ import annotations

from datetime import date

import pytest

from adurabi_cli.db import news as db
from adurabi_cli.db.history import history_of
from adurabi_cli.errors import InvalidInput, NotFound, RuleViolation
from adurabi_cli.services.news import find_duplicates, insert_news, prepare_news
from adurabi_cli.services.refdata import load_refdata

TODAY = date(2025, 4, 30)


def item(**values):
    return {"satker": "lapas-kerobokan", "title": "Bakti sosial", "media": "online", **values}


def test_prepare_cleans_every_field_and_applies_the_defaults(ref):
    row = prepare_news(
        ref,
        item(
            satker=" Lembaga Pemasyarakatan Kelas IIA Kerobokan ",
            title=" Bakti\nsosial ",
            media="Print",
            published_on="24/03/2025",
            outlet=" Bali  Post ",
            url=" HTTPS://WWW.BaliPost.com/a/?utm_source=wa#top ",
            likes="12.500",
            views=300,
            shares=4.0,
        ),
        today=TODAY,
    )
    assert row == {
        "satker_id": ref.satker["lapas-kerobokan"]["id"],
        "satker": "lapas-kerobokan",
        "also_satker_ids": [],
        "also_satker": [],
        "published_on": date(2025, 3, 24),
        "title": "Bakti sosial",
        "media": "cetak",
        "outlet": "Bali Post",
        "url": "https://www.balipost.com/a/?utm_source=wa#top",
        "url_key": "balipost.com/a",
        "category": "kegiatan",
        "sentiment": "netral",
        "views": 300,
        "likes": 12500,
        "comments": None,
        "shares": 4,
    }
    minimal = prepare_news(ref, item(), today=TODAY)
    assert minimal["published_on"] == TODAY
    assert minimal["url"] is minimal["url_key"] is None
    assert prepare_news(ref, item(date=date(2025, 1, 2)), today=TODAY)["published_on"] == date(
        2025, 1, 2
    )
    labelled = prepare_news(
        ref, item(media="Media Cetak", category="Siaran Pers", sentiment="Negative"), today=TODAY
    )
    assert (labelled["media"], labelled["category"], labelled["sentiment"]) == (
        "cetak",
        "rilis",
        "negatif",
    )


@pytest.mark.parametrize(
    "values, error, field, text",
    [
        (
            {"satker": "lapas-x"},
            NotFound,
            "satker",
            "unknown satker 'lapas-x'; see `adurabi satker list`",
        ),
        ({"satker": ""}, InvalidInput, "satker", "satker is empty"),
        ({"title": " "}, InvalidInput, "title", "title is empty"),
        ({"media": "koran"}, InvalidInput, "media", "unknown media 'koran'; valid: website,"),
        ({"media": None}, InvalidInput, "media", "media is empty; valid: website,"),
        ({"category": "gosip"}, InvalidInput, "category", "unknown news category 'gosip'"),
        ({"sentiment": "marah"}, InvalidInput, "sentiment", "unknown sentiment 'marah'"),
        ({"published_on": "2025-05-01"}, InvalidInput, "published_on", "in the future"),
        ({"published_on": "31/02/2025"}, InvalidInput, "published_on", "has 28 days"),
        ({"url": "www.balipost.com/a"}, InvalidInput, "url", "is not a web address"),
        ({"url": "https://x.id/" + "a" * 2048}, InvalidInput, "url", "longer than 2048"),
        ({"comments": "-1"}, InvalidInput, "comments", "must not be negative"),
        ({"shares": "banyak"}, InvalidInput, "shares", "is not a whole number"),
    ],
)
def test_prepare_names_the_field_at_fault(ref, values, error, field, text):
    with pytest.raises(error) as caught:
        prepare_news(ref, item(**values), today=TODAY)
    assert text in str(caught.value)
    assert caught.value.field == field


def test_prepare_refuses_an_inactive_satker(cli, ref, store):
    cli("satker", "update", "rutan-negara", "--inactive")
    with store.read() as conn:
        fresh = load_refdata(conn)
    with pytest.raises(RuleViolation, match="satker rutan-negara is inactive") as caught:
        prepare_news(fresh, item(satker="rutan-negara"), today=TODAY)
    assert caught.value.field == "satker"
    # The list of valid codes leaves the inactive one out.
    with pytest.raises(NotFound) as unknown:
        prepare_news(fresh, item(satker="nope"), today=TODAY)
    assert "rutan-negara" not in str(unknown.value)


def test_insert_returns_ids_in_order_with_one_create_history_row_each(store, ref):
    rows = [
        prepare_news(ref, item(title=f"Berita {i}", url=f"https://x.id/{i}"), today=TODAY)
        for i in range(5)
    ]
    with store.write() as conn:
        ids = insert_news(conn, ref, rows, "importer", note="import berita.xlsx")
    assert ids == list(range(ids[0], ids[0] + 5))
    with store.read() as conn:
        for i, news_id in enumerate(ids):
            stored = db.get_news(conn, news_id)
            assert stored["title"] == f"Berita {i}"
            assert stored["url_key"] == f"x.id/{i}"
            assert stored["created_by"] == "importer"
            (created,) = history_of(conn, "news", news_id)
            assert (created["action"], created["operator"], created["note"]) == (
                "create",
                "importer",
                "import berita.xlsx",
            )


def test_find_duplicates_against_the_store_and_within_the_batch(store, ref):
    with store.write() as conn:
        first = prepare_news(
            ref,
            item(url="https://balipost.com/a", published_on="2025-03-24"),
            today=TODAY,
        )
        (stored_id,) = insert_news(conn, ref, [first], "op")
    batch = [
        prepare_news(ref, item(url=url), today=TODAY)
        for url in (
            "http://www.balipost.com/a/?fbclid=xyz",  # the stored one
            "https://balipost.com/b",
            "https://balipost.com/c",
            "https://BALIPOST.com/b#comments",  # repeats index 1
            "https://balipost.com/b/",  # repeats index 1 too
        )
    ] + [prepare_news(ref, item(), today=TODAY)]  # no URL: never a duplicate
    with store.read() as conn:
        found = find_duplicates(conn, batch)
        named = find_duplicates(conn, batch, names=[f"row {i + 2}" for i in range(len(batch))])
    assert found == {
        0: f"this URL is already recorded as news {stored_id} (lapas-kerobokan, 24/03/2025)",
        3: "this URL repeats item 2",
        4: "this URL repeats item 2",
    }
    assert named[3] == "this URL repeats row 3"


def test_find_duplicates_queries_in_chunks_without_a_query_per_row(store, ref, monkeypatch):
    rows = [prepare_news(ref, item(url=f"https://x.id/{i}"), today=TODAY) for i in range(2000)]
    with store.write() as conn:
        insert_news(conn, ref, rows[::2], "op")
    statements = []
    from sqlalchemy import event

    def count(*_args):
        statements.append(1)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with store.read() as conn:
            found = find_duplicates(conn, rows)
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert sorted(found) == list(range(0, 2000, 2))
    assert len(statements) <= 4  # BEGIN and two chunks of keys
