"""`adurabi news add`: the record, its defaults, and every refusal."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import run_adurabi
from tests.news.conftest import add_news, snapshot

BASE = ("news", "add", "--satker", "lapas-kerobokan", "--title", "Bakti sosial")


def test_add_prints_the_id_and_stores_the_record(cli, initialized):
    result = cli(*BASE, "--media", "online", "--outlet", "Bali Post", "--url", "https://x.id/1")
    first = int(result.stdout.strip())
    assert result.stdout == f"{first}\n"
    assert f"Added news {first} (lapas-kerobokan, 30/04/2025)." in result.stderr
    record = cli.json("news", "show", first)
    assert record["outlet"] == "Bali Post"
    assert record["url"] == "https://x.id/1"
    second = add_news(cli, media="instagram")
    assert second == first + 1


def test_add_json_carries_the_design_fields_and_defaults(cli, initialized):
    record = cli.json(*BASE, "--media", "Instagram", "--likes", "1.250")
    created = record.pop("created_at")
    updated = record.pop("updated_at")
    assert created == updated and created.startswith("2025-04-30T")
    assert record == {
        "id": record["id"],
        "satker": "lapas-kerobokan",
        "published_on": "2025-04-30",
        "title": "Bakti sosial",
        "media": "instagram",
        "media_group": "media-sosial",
        "outlet": None,
        "url": None,
        "category": "kegiatan",
        "sentiment": "netral",
        "views": None,
        "likes": 1250,
        "comments": None,
        "shares": None,
        "created_by": "tester",
        "also_satker": [],
    }


def test_add_with_every_option(cli, initialized):
    record = cli.json(
        "--operator",
        "humas-kerobokan",
        *BASE,
        "--media",
        "tv",
        "--date",
        "24/03/2025",
        "--outlet",
        "TVRI Bali",
        "--url",
        "https://tvri.go.id/bali/berita-1",
        "--category",
        "press-release",
        "--sentiment",
        "positive",
        "--views",
        "1000",
        "--likes",
        "0",
        "--comments",
        "3",
        "--shares",
        "2",
    )
    assert {k: record[k] for k in ("published_on", "media", "media_group", "category")} == {
        "published_on": "2025-03-24",
        "media": "televisi",
        "media_group": "media-massa",
        "category": "rilis",
    }
    assert (record["sentiment"], record["views"], record["likes"], record["comments"]) == (
        "positif",
        1000,
        0,
        3,
    )
    assert record["created_by"] == "humas-kerobokan"
    (created,) = cli.json("news", "history", record["id"])
    assert (created["action"], created["operator"]) == ("create", "humas-kerobokan")


@pytest.mark.parametrize(
    "args, error",
    [
        (
            ("--satker", "lapas-x", "--title", "T", "--media", "online"),
            "Error: unknown satker 'lapas-x'; see `adurabi satker list`",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "koran"),
            "Error: unknown media 'koran'; valid: website, online, cetak, televisi, radio, "
            "instagram, facebook, x, tiktok, youtube, lainnya",
        ),
        (("--satker", "kanwil", "--title", "  ", "--media", "online"), "Error: title is empty"),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--date", "2025-05-01"),
            "Error: date 01/05/2025 is in the future",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--date", "kemarin-lusa"),
            "Error: 'kemarin-lusa' is not a date",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--url", "ftp://x.id/a"),
            "Error: 'ftp://x.id/a' is not a web address; use http:// or https://",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--url", "balipost.com"),
            "Error: 'balipost.com' is not a web address",
        ),
        (
            (
                "--satker",
                "kanwil",
                "--title",
                "T",
                "--media",
                "online",
                "--url",
                "http://x.id/existing/",
            ),
            "Error: this URL is already recorded as news 1 (lapas-kerobokan, 30/04/2025)",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--views", "-5"),
            "Error: views must not be negative (got -5)",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--likes", "banyak"),
            "Error: likes 'banyak' is not a whole number",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--shares", "2.5"),
            "Error: shares '2.5' is not a whole number",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--category", "gosip"),
            "Error: unknown news category 'gosip'; valid: kegiatan, rilis",
        ),
        (
            ("--satker", "kanwil", "--title", "T", "--media", "online", "--sentiment", "marah"),
            "Error: unknown sentiment 'marah'; valid: positif, netral, negatif",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(cli, unchanged, args, error):
    add_news(cli, url="https://x.id/existing")
    result = unchanged(lambda: cli("news", "add", *args, code=1))
    assert result.stderr.startswith(error)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_inactive_satker_is_refused(cli, unchanged):
    cli("satker", "update", "rutan-negara", "--inactive")
    result = unchanged(
        lambda: cli("news", "add", "-s", "rutan-negara", "-t", "T", "--media", "online", code=1)
    )
    assert result.stderr.strip() == "Error: satker rutan-negara is inactive"


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.balipost.com/news/2025/03/24/abc",
        "HTTP://BALIPOST.COM/news/2025/03/24/abc/",
        "https://balipost.com/news/2025/03/24/abc#komentar",
        "https://balipost.com/news/2025/03/24/abc?utm_source=wa&utm_medium=share",
        "https://m.balipost.com/news/2025/03/24/abc?fbclid=IwAR0",
        "https://balipost.com/news/2025/03/24/abc?igshid=x&igsh=y&si=z",
    ],
)
def test_the_same_article_is_never_counted_twice(cli, unchanged, variant):
    first = add_news(
        cli, satker="kanwil", url="https://balipost.com/news/2025/03/24/abc", date="2025-03-24"
    )
    if variant.startswith("https://m."):
        # A different host is a different address: m. is not dropped, only www.
        assert add_news(cli, url=variant) == first + 1
        return
    result = unchanged(lambda: cli(*BASE, "--media", "online", "--url", variant, code=1))
    assert result.stderr.strip() == (
        f"Error: this URL is already recorded as news {first} (kanwil, 24/03/2025)"
    )


def test_the_url_keeps_www_as_given(cli, initialized):
    record = cli.json(*BASE, "--media", "online", "--url", "HTTPS://WWW.BaliPost.com/A?utm_id=1")
    assert record["url"] == "https://www.balipost.com/A?utm_id=1"


def test_a_deleted_items_url_may_be_recorded_again(cli, initialized):
    first = add_news(cli, url="https://x.id/a")
    cli("news", "delete", first, "--note", "salah satker")
    second = add_news(cli, satker="kanwil", url="https://x.id/a/")
    assert second == first + 1
    assert [r["id"] for r in cli.json("news", "list")] == [second]


def test_missing_required_options_are_usage_errors(cli, initialized):
    before = snapshot(initialized)
    result = cli("news", "add", "--satker", "kanwil", "--media", "online", code=2)
    assert "--title" in result.stderr
    assert snapshot(initialized) == before


def test_a_real_process_exits_1_with_one_line(initialized):
    result = run_adurabi("news", "add", "-s", "kanwil", "-t", "T", "--media", "koran")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: unknown media 'koran'")
    assert len(result.stderr.strip().splitlines()) == 1
    ok = run_adurabi("news", "add", "-s", "kanwil", "-t", "T", "--media", "radio")
    assert ok.returncode == 0
    assert ok.stdout.strip().isdigit()


def test_concurrent_adds_lose_nothing_and_count_a_url_once(initialized):
    """Operators adding at the same moment: every item stored once, the shared URL once."""

    def start(url):
        args = ["news", "add", "-s", "kanwil", "-t", "Serentak", "--media", "online", "--url", url]
        return subprocess.Popen(
            [sys.executable, "-m", "adurabi_cli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    urls = ["https://x.id/sama", "https://www.x.id/sama/", "http://X.id/sama?utm_source=wa"]
    urls += [f"https://x.id/beda-{i}" for i in range(3)]
    results = [(p, *p.communicate(timeout=60)) for p in [start(url) for url in urls]]
    ok = [int(out) for p, out, _ in results if p.returncode == 0]
    refused = [err for p, _, err in results if p.returncode != 0]
    assert len(ok) == 4 and len(set(ok)) == 4
    assert len(refused) == 2
    assert all(err.startswith("Error: this URL is already recorded as news") for err in refused)
    listed = sorted(r["id"] for r in run_json("news", "list"))
    assert listed == sorted(ok)


def run_json(*args):
    result = run_adurabi(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
