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
segments = st.from_regex(r"[A-Za-z0-9._~%-]{1,10}", fullmatch=True)
paths = st.lists(segments, max_size=4).map(lambda parts: "".join("/" + p for p in parts))
param_names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda name: (
        not name.startswith("utm_") and name not in {"fbclid", "igshid", "igsh", "si", "gclid"}
    )
)
params = st.lists(
    st.tuples(param_names, st.from_regex(r"[A-Za-z0-9%+.-]{0,8}", fullmatch=True)), max_size=3
)
tracking = st.lists(
    st.tuples(
        st.sampled_from(
            ["utm_source", "UTM_Medium", "utm_campaign", "fbclid", "igshid", "igsh", "si", "gclid"]
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


# The plain-link fast path of _split against urlsplit's reading of the same text.
url_texts = st.builds(
    lambda scheme, host, port, path, query, fragment: (
        f"{scheme}://{host}{port}{path}{query}{fragment}"
    ),
    st.sampled_from(["http", "https", "HTTP", "Https", "ftp"]),
    st.one_of(
        hosts,
        hosts.map(str.upper),
        st.sampled_from(["www.Example.ID.", "1.2.3.4", "...", "a..b", "-x-", "user@host.id"]),
    ),
    st.sampled_from(["", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":99999", ":", ":x"]),
    st.one_of(paths, st.sampled_from(["", "/", "//a", "/a:b", "/a@b", ";p"])),
    st.one_of(st.just(""), st.just("?"), params.map(lambda p: "?" + _query(p))),
    st.one_of(st.just(""), fragments.map(lambda f: "#" + f)),
)


def _plain_as_urlsplit_reads_it(text: str) -> None:
    """Whenever the fast reader takes a text, urlsplit reads the same parts from it."""
    plain = url_module._read_plain(text)
    if plain is not None:
        assert plain == url_module._read_generally(text)


@settings(max_examples=300, deadline=None)
@given(url_texts)
def test_plain_link_fast_path_reads_as_urlsplit_does(text):
    _plain_as_urlsplit_reads_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.balipost.com/news/2025/1/berita?utm_source=wa",
        "http://host.id:65535/x",
        "https://host.id?q=1#frag",
        "https://HOST.id.:8080",
        "http://host.id#a?b",
    ],
)
def test_plain_link_fast_path_examples(text):
    assert url_module._read_plain(text) is not None
    _plain_as_urlsplit_reads_it(text)


@pytest.mark.parametrize(
    "text",
    ["http://host.id:65536/x", "http://host.id:abc/x", "http://user@host.id/x", "HTTP://a.id"],
)
def test_other_links_go_to_urlsplit(text):
    assert url_module._read_plain(text) is None
