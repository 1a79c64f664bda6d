"""News URL validation and the duplicate-detection key."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adurabi_cli.domain import urls as url_module
from adurabi_cli.domain.urls import clean_url, clean_url_and_key, normalise_url, url_key
from adurabi_cli.errors import InvalidInput

labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
hosts = st.lists(labels, min_size=1, max_size=3).map(lambda parts: ".".join([*parts, "id"]))
segments = st.from_regex(r"[A-Za-z0-9._~%-]{1,10}", fullmatch=True).filter(lambda s: s != "amp")
paths = st.lists(segments, max_size=4).map(lambda parts: "".join("/" + p for p in parts))
param_names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda name: not name.startswith("utm_") and name not in url_module.IGNORED_PARAMS
)
params = st.lists(
    st.tuples(param_names, st.from_regex(r"[A-Za-z0-9%+.-]{0,8}", fullmatch=True)), max_size=3
)
tracking = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "utm_source",
                "UTM_Medium",
                "utm_campaign",
                "fbclid",
                "igshid",
                "igsh",
                "si",
                "gclid",
                "amp",
            ]
        ),
        st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True),
    ),
    max_size=3,
)

fragments = st.from_regex(r"[A-Za-z0-9/?#!=&_.-]{0,10}", fullmatch=True)


def _query(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{k}={v}" for k, v in pairs)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(hosts)
    query = _query(draw(params))
    return f"{scheme}://{host}{draw(paths)}" + (f"?{query}" if query else "")


def test_clean_url_lowers_scheme_and_host_only() -> None:
    assert clean_url("  HTTPS://WWW.Kemenkumham.GO.ID/Berita/A?X=1#Top ") == (
        "https://www.kemenkumham.go.id/Berita/A?X=1#Top"
    )
    assert clean_url("http://example.com") == "http://example.com"


@pytest.mark.parametrize(
    "text",
    [
        "ftp://x",
        "x",
        "",
        "example.com/berita",
        "mailto:humas@example.com",
        "https://",
        "http:///a",
        "https://exa mple.com/",
        "http://x:99999/",
        "javascript:alert(1)",
        "http:example.com",
    ],
)
def test_non_web_addresses_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a web address; use http:// or https://"):
        clean_url(text)


def test_refusal_message() -> None:
    with pytest.raises(InvalidInput) as caught:
        clean_url("ftp://x")
    assert str(caught.value) == "'ftp://x' is not a web address; use http:// or https://"


def test_key_examples() -> None:
    assert url_key("https://www.balipost.com/news/2025/03/24/abc/?utm_source=wa&id=7#x") == (
        "balipost.com/news/2025/03/24/abc?id=7"
    )
    assert url_key("http://Example.com:80/") == "example.com"
    assert url_key("https://example.com:443?fbclid=1") == "example.com"
    assert url_key("https://example.com:8443/a") == "example.com:8443/a"
    assert url_key("https://example.com/a?b=2&a=1") == "example.com/a?b=2&a=1"
    assert normalise_url("HTTP://WWW.Example.com/A/?si=x") == "https://example.com/A"


def test_instagram_share_link_matches_the_plain_one() -> None:
    shared = "https://www.instagram.com/p/DHabc123/?igsh=MWQ1ZGUxMzBkMA=="
    assert url_key(shared) == url_key("https://instagram.com/p/DHabc123")


@given(urls())
def test_normalising_is_idempotent(url: str) -> None:
    once = normalise_url(url)
    assert normalise_url(once) == once
    assert url_key(once) == url_key(url)
    assert url_key(url_key(url)) == url_key(url)
    assert url_key(clean_url(url)) == url_key(url)


@given(urls(), tracking, st.booleans(), st.booleans(), st.booleans(), fragments)
def test_dropped_parts_do_not_change_the_key(
    url: str, extra: list[tuple[str, str]], www: bool, slash: bool, upper: bool, fragment: str
) -> None:
    scheme, rest = url.split("://", 1)
    host, path, query = re.fullmatch(r"([^/?]*)([^?]*)\??(.*)", rest).groups()
    variant_host = ("WWW." if www else "") + (host.upper() if upper else host)
    variant_scheme = "http" if scheme.lower() == "https" else "HTTPS"
    variant_path = path + "/" if slash else path
    pairs = [q for q in query.split("&") if q] + [f"{k}={v}" for k, v in extra]
    variant_query = "?" + "&".join(pairs) if pairs else ""
    variant_fragment = "#" + fragment if fragment else ""
    variant = f"{variant_scheme}://{variant_host}{variant_path}{variant_query}{variant_fragment}"
    assert url_key(variant) == url_key(url)


@given(hosts, paths, paths)
def test_different_paths_have_different_keys(host: str, a: str, b: str) -> None:
    if a.rstrip("/") != b.rstrip("/"):
        assert url_key(f"https://{host}{a}") != url_key(f"https://{host}{b}")


@given(hosts, params, params)
def test_different_kept_queries_have_different_keys(host: str, a: list, b: list) -> None:
    if _query(a) != _query(b):
        assert url_key(f"https://{host}/p?{_query(a)}") != url_key(f"https://{host}/p?{_query(b)}")


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_arbitrary_text_is_refused_or_normalised_stably(text: str) -> None:
    for candidate in (text, "https://" + text):
        try:
            once = normalise_url(candidate)
        except InvalidInput:
            continue
        assert normalise_url(once) == once
        assert url_key(url_key(candidate)) == url_key(candidate)
        assert url_key(clean_url(candidate)) == url_key(candidate)


def _both(text: str) -> tuple[str, str] | str:
    """clean_url_and_key's answer, or the refusal's message."""
    try:
        return clean_url_and_key(text)
    except InvalidInput as exc:
        return exc.message


def _separately(text: str) -> tuple[str, str] | str:
    try:
        cleaned = clean_url(text)
    except InvalidInput as exc:
        return exc.message
    return cleaned, url_key(cleaned)


@given(urls())
def test_one_parse_gives_the_clean_url_and_its_key(url: str) -> None:
    assert _both(url) == _separately(url)
    assert _both(" " + url.upper() + " ") == _separately(" " + url.upper() + " ")


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_one_parse_refuses_and_accepts_what_clean_url_does(text: str) -> None:
    for candidate in (text, "https://" + text, "HTTP://www." + text):
        assert _both(candidate) == _separately(candidate)


def test_one_parse_examples() -> None:
    assert clean_url_and_key(" HTTPS://WWW.Example.com:443/A/?utm_source=x&b=1#f ") == (
        "https://www.example.com:443/A/?utm_source=x&b=1#f",
        "example.com/A?b=1",
    )
    with pytest.raises(InvalidInput):
        clean_url_and_key("ftp://example.com")


# One platform's item shared in its several spellings (issue: share links people copy).
SAME_ITEM = [
    (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=Xy12",
        "https://youtu.be/dQw4w9WgXcQ?t=42",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ&feature=share",
        "https://youtube.com/watch?v=dQw4w9WgXcQ&list=PL1&index=3&t=10s",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://youtube.com/shorts/dQw4w9WgXcQ?feature=share",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
    ),
    (
        "https://www.tiktok.com/@kemenkumbali/video/7412345678901234567",
        "https://www.tiktok.com/@kemenkumbali/video/7412345678901234567?is_from_webapp=1"
        "&sender_device=pc&web_id=7400000000000000000",
        "https://tiktok.com/@kemenkumbali/video/7412345678901234567?_r=1&_t=8pQ",
    ),
    (
        "https://x.com/KemenkumBali/status/1834567890123456789",
        "https://twitter.com/kemenkumbali/status/1834567890123456789?s=20&t=abcDEF",
        "https://mobile.twitter.com/KemenkumBali/status/1834567890123456789",
        "https://mobile.x.com/kemenkumbali/status/1834567890123456789/",
    ),
    (
        "https://www.facebook.com/story.php?story_fbid=123&id=456",
        "https://m.facebook.com/story.php?story_fbid=123&id=456&mibextid=Nif5oz",
        "https://web.facebook.com/story.php?story_fbid=123&id=456",
        "https://mbasic.facebook.com/story.php?story_fbid=123&id=456&fbclid=IwAR0",
    ),
    (
        "https://bali.tribunnews.com/2025/03/24/lapas-kerobokan",
        "https://bali.tribunnews.com/amp/2025/03/24/lapas-kerobokan",
        "https://bali.tribunnews.com/2025/03/24/lapas-kerobokan/amp",
        "https://bali.tribunnews.com/2025/03/24/lapas-kerobokan?amp=1",
        "https://amp.bali.tribunnews.com/2025/03/24/lapas-kerobokan",
        "https://bali-tribunnews-com.cdn.ampproject.org/c/s/bali.tribunnews.com/amp/2025/03/24/"
        "lapas-kerobokan",
        "https://www.google.co.id/amp/s/bali.tribunnews.com/2025/03/24/lapas-kerobokan/amp",
    ),
]


@pytest.mark.parametrize("spellings", SAME_ITEM, ids=lambda s: url_key(s[0]).split("/")[0])
def test_share_links_of_one_item_have_one_key(spellings: tuple[str, ...]) -> None:
    assert {url_key(url) for url in spellings} == {url_key(spellings[0])}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcR"),
        ("https://youtube.com/watch?v=a1", "https://youtube.com/shorts/a2"),
        ("https://youtube.com/watch?v=a1&v=a2", "https://youtube.com/watch?v=a1"),
        ("https://youtube.com/@kemenkumbali", "https://youtube.com/@kemenkumbali/videos"),
        ("https://www.tiktok.com/@a/video/1", "https://www.tiktok.com/@a/video/2"),
        ("https://www.tiktok.com/search?q=lapas", "https://www.tiktok.com/search?q=rutan"),
        ("https://x.com/a/status/1", "https://x.com/a/status/2"),
        ("https://x.com/search?q=Lapas", "https://x.com/search?q=lapas"),
        (
            "https://facebook.com/story.php?story_fbid=1&id=2",
            "https://facebook.com/story.php?story_fbid=1&id=3",
        ),
        ("https://x.id/amp-news/1", "https://x.id/1"),
        ("https://amp.id/a", "https://id/a"),
        ("https://example.cdn.ampproject.org/c/s/a.id/1", "https://a.id/2"),
    ],
)
def test_other_items_of_a_platform_keep_their_own_key(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


video_ids = st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True)
share_params = st.lists(
    st.tuples(
        st.sampled_from(["si", "t", "feature", "list", "index", "pp", "ab_channel"]),
        st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True),
    ),
    max_size=3,
)


@given(video_ids, video_ids, share_params, st.sampled_from(["youtu.be/", "youtube.com/shorts/"]))
def test_a_video_shared_any_way_is_that_video_and_no_other(
    video: str, other: str, extra: list, short: str
) -> None:
    query = "&".join(f"{k}={v}" for k, v in extra)
    watch = f"https://m.youtube.com/watch?v={video}" + (f"&{query}" if query else "")
    assert url_key(watch) == url_key(f"https://{short}{video}") == f"youtube.com/watch?v={video}"
    assert (url_key(f"https://{short}{other}") == url_key(watch)) == (other == video)
