"""One item shared as several links (youtu.be, mobile hosts, AMP pages) is counted once."""

from __future__ import annotations

import json

import pytest

from adurabi_cli.db.migrations import MIGRATIONS
from adurabi_cli.db.store import open_store
from tests.dbtarget import execute, rows
from tests.news.conftest import add_news

BASE = ("news", "add", "--satker", "kanwil", "--title", "Video", "--media", "youtube")


@pytest.mark.parametrize(
    ("stored", "shared"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ?si=Ab12"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://m.youtube.com/shorts/dQw4w9WgXcQ"),
        (
            "https://www.tiktok.com/@kemenkumbali/video/7412345678901234567",
            "https://www.tiktok.com/@kemenkumbali/video/7412345678901234567"
            "?is_from_webapp=1&sender_device=pc",
        ),
        (
            "https://twitter.com/KemenkumBali/status/18345",
            "https://x.com/kemenkumbali/status/18345",
        ),
        (
            "https://www.facebook.com/story.php?story_fbid=1&id=2",
            "https://web.facebook.com/story.php?story_fbid=1&id=2&mibextid=Nif5oz",
        ),
        (
            "https://bali.tribunnews.com/2025/03/24/a",
            "https://bali.tribunnews.com/amp/2025/03/24/a",
        ),
    ],
)
def test_a_share_link_of_a_stored_item_is_refused(cli, unchanged, stored, shared):
    first = add_news(cli, satker="kanwil", url=stored, date="2025-03-24")
    result = unchanged(lambda: cli(*BASE, "--url", shared, code=1))
    assert result.stderr.strip() == (
        f"Error: this URL is already recorded as news {first} (kanwil, 24/03/2025)"
    )


def test_another_video_of_the_same_channel_is_another_item(cli, initialized):
    first = add_news(cli, url="https://youtu.be/dQw4w9WgXcQ")
    assert add_news(cli, url="https://youtu.be/dQw4w9WgXcR") == first + 1


def _doctor_duplicates(cli):
    report = json.loads(cli("doctor", "--json").stdout)
    [check] = [c for c in report["checks"] if c["name"] == "duplicates"]
    return check, report["data"]["duplicate_news_urls"]


def test_schema_step_keys_stored_items_again_and_keeps_every_row(cli, initialized, db_path):
    """On this engine's database as version 8 left it: the keys of that version's rules."""
    watch = add_news(cli, satker="kanwil", url="https://www.youtube.com/watch?v=abc")
    short = add_news(cli, url="https://x.id/1")
    amp = add_news(cli, url="https://x.id/2")
    gone = add_news(cli, url="https://x.id/3")
    cli("news", "delete", gone, "--note", "salah")
    # Links as the rules of step 8 keyed them; youtu.be/abc is the video stored first.
    old = {
        short: ("https://youtu.be/abc", "youtu.be/abc"),
        amp: ("https://bali.tribunnews.com/amp/2025/a", "bali.tribunnews.com/amp/2025/a"),
        gone: ("https://youtu.be/xyz", "youtu.be/xyz"),
    }
    for news_id, (url, key) in old.items():
        execute(db_path, "UPDATE news SET url = ?, url_key = ? WHERE id = ?", url, key, news_id)
    [step] = [m for m in MIGRATIONS if m.version == 9]
    store = open_store(str(db_path))
    try:
        with store.write() as conn:
            step.apply(conn)
    finally:
        store.close()
    stored = rows(db_path, "SELECT id, url, url_key FROM news ORDER BY id")
    assert [tuple(row.values()) for row in stored] == [
        (watch, "https://www.youtube.com/watch?v=abc", "youtube.com/watch?v=abc"),
        (short, "https://youtu.be/abc", None),
        (amp, "https://bali.tribunnews.com/amp/2025/a", "bali.tribunnews.com/2025/a"),
        (gone, "https://youtu.be/xyz", "youtube.com/watch?v=xyz"),
    ]
    check, pairs = _doctor_duplicates(cli)
    assert check["status"] == "warn"
    assert f"#{short} and #{watch}" in check["message"]
    assert pairs == [{"id": short, "url": "https://youtu.be/abc", "held_by": watch}]
    # Deleting the duplicate clears the warning; a new share link of the video is refused.
    cli("news", "delete", short, "--note", "dua kali")
    check, pairs = _doctor_duplicates(cli)
    assert (check["status"], pairs) == ("ok", [])
    cli(*BASE, "--url", "https://youtube.com/shorts/abc", code=1)
