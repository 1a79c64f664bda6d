"""News URLs: validation and the normalised form that decides duplicates (docs/design.md 4)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote_plus, urlsplit

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import _

# Parameters that never change the item a link shows: what share buttons and platforms append
# to track a click, and the AMP switch of news sites (?amp=1).
IGNORED_PARAMS = frozenset({"fbclid", "igshid", "igsh", "si", "gclid", "mibextid", "amp"})
IGNORED_PREFIXES = ("utm_",)

# Both defaults go, whatever the scheme: the key ignores the scheme, so http://x:443 and
# https://x must agree, and dropping only one would make normalising twice differ.
_DEFAULT_PORTS = frozenset({80, 443})
_SCHEME_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_KEY_PREFIX = "https://"
_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")


class _Parts(NamedTuple):
    scheme: str
    netloc: str
    host: str
    port: int | None
    rest: str
    path: str
    query: str


def _not_a_web_address(text: str) -> InvalidInput:
    return InvalidInput(
        _("'{text}' is not a web address; use http:// or https://").format(text=text)
    )


def _split(text: str) -> _Parts:
    """Split and validate an http(s) URL, keeping the original spelling of each part."""
    if not text or _FORBIDDEN.search(text):
        raise _not_a_web_address(text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise _not_a_web_address(text) from None
    scheme, netloc, path, query = parts.scheme, parts.netloc, parts.path, parts.query
    # hostname keeps the case after a "%" (IPv6 zone ids); news hosts have none worth keeping.
    host = (parts.hostname or "").lower()
    host = host.rstrip(".")
    if scheme not in ("http", "https") or not host.strip(".[]:"):
        raise _not_a_web_address(text)
    prefix_length = len(scheme) + 3
    if text[prefix_length - 3 : prefix_length] != "://":
        raise _not_a_web_address(text)
    rest = text[prefix_length + len(netloc) :]
    return _Parts(scheme, netloc, host, port, rest, path, query)


def clean_url(text: str) -> str:
    """The URL as typed, stripped, with scheme and host lower-cased; refuse non-web ones."""
    return _cleaned(_split(text.strip()))


def clean_url_and_key(text: str) -> tuple[str, str]:
    """(clean_url(text), url_key(clean_url(text))) from a single parse of the URL."""
    parts = _split(text.strip())
    return _cleaned(parts), _normalised(parts)[len(_KEY_PREFIX) :]


def _cleaned(parts: _Parts) -> str:
    userinfo, at, hostport = parts.netloc.rpartition("@")
    return f"{parts.scheme}://{userinfo}{at}{hostport.lower()}{parts.rest}"


def _is_ignored(param: str) -> bool:
    """Whether one `name=value` query item never changes the item (IGNORED_PARAMS)."""
    return _ignored_name(param.partition("=")[0])


# Parameter names recur from link to link (utm_source, fbclid, id, page): each is judged once.
@lru_cache(maxsize=4096)
def _ignored_name(name: str) -> bool:
    if "%" in name or "+" in name:
        name = unquote_plus(name)
    name = name.strip().lower()
    return name in IGNORED_PARAMS or name.startswith(IGNORED_PREFIXES)


def _bare_host(host: str) -> str:
    """The host without its www. and amp. prefixes, never emptied."""
    while host.startswith(("www.", "amp.")) and "." in host[4:].strip("."):
        host = host[4:]
    return _SAME_SITE.get(host, host)


def normalise_url(url: str) -> str:
    """The canonical https form: www., default port, credentials, fragment,
    trailing slash and tracking parameters dropped."""
    return _normalised(_split(url.strip()))


def _normalised(parts: _Parts) -> str:
    host = _bare_host(parts.host)
    inner = _amp_cache_target(host, parts)
    if inner is not None:
        return _normalised(inner)
    kept = [item for item in parts.query.split("&") if item and not _is_ignored(item)]
    host, path, kept = _same_item(host, _without_amp(parts.path), kept)
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None and parts.port not in _DEFAULT_PORTS:
        host = f"{host}:{parts.port}"
    query = "?" + "&".join(kept) if kept else ""
    return f"{_KEY_PREFIX}{host}{path}{query}"


# Share links people copy, and the address each platform shows the same item at. Only rules
# that surely keep the item: a video's id, a post's status number.
# The mobile, web and old host names of one platform.
_SAME_SITE = {
    "m.facebook.com": "facebook.com",
    "web.facebook.com": "facebook.com",
    "mbasic.facebook.com": "facebook.com",
    "touch.facebook.com": "facebook.com",
    "m.youtube.com": "youtube.com",
    "twitter.com": "x.com",
    "mobile.twitter.com": "x.com",
    "mobile.x.com": "x.com",
}
# YouTube paths that name one video by its id: youtube.com/shorts/ID is youtube.com/watch?v=ID.
_YOUTUBE_VIDEO_PATHS = ("shorts", "live", "embed")


def _same_item(host: str, path: str, kept: list[str]) -> tuple[str, str, list[str]]:
    """The host, path and query a platform's item has whichever way it was shared."""
    if host == "youtu.be" and path.count("/") == 1 and len(path) > 1:
        return "youtube.com", "/watch", [f"v={path[1:]}"]
    if host == "youtube.com":
        head, _slash, video = path[1:].partition("/")
        if head in _YOUTUBE_VIDEO_PATHS and video and "/" not in video:
            return host, "/watch", [f"v={video}"]
        videos = [item for item in kept if item.startswith("v=") and len(item) > 2]
        if path == "/watch" and len(videos) == 1:
            return host, path, videos  # time, playlist and share parameters: the same video
    elif host == "tiktok.com" and ("/video/" in path or "/photo/" in path):
        return host, path, []  # is_from_webapp, sender_device, _r, _t: the share button's
    elif host == "x.com" and "/status/" in path:
        return host, path.lower(), []  # user names ignore case; s= and t= are the share's
    return host, path, kept


def _without_amp(path: str) -> str:
    """The path without a trailing slash and an AMP page's leading or trailing /amp."""
    if "/amp" not in path:
        return path.rstrip("/")
    segments = path.rstrip("/").split("/")
    while len(segments) > 1 and segments[1] == "amp":
        del segments[1]
    while len(segments) > 1 and segments[-1] == "amp":
        segments.pop()
    return "/".join(segments).rstrip("/")


# Google's AMP cache serves a news page at an address holding the page's own:
# www-x-id.cdn.ampproject.org/c/s/x.id/a and google.com/amp/s/x.id/a are https://x.id/a.
_AMP_CACHE_PREFIXES = ("/c/s/", "/v/s/", "/c/", "/v/")


def _amp_cache_target(host: str, parts: _Parts) -> _Parts | None:
    """The page an AMP cache link shows, or None for any other link."""
    if host.endswith(".cdn.ampproject.org"):
        prefixes = _AMP_CACHE_PREFIXES
    elif host.startswith("google.") and parts.path.startswith("/amp/"):
        prefixes = ("/amp/s/", "/amp/")
    else:
        return None
    for prefix in prefixes:
        if parts.path.startswith(prefix) and len(parts.path) > len(prefix):
            scheme = "https" if prefix.endswith("/s/") else "http"
            query = f"?{parts.query}" if parts.query else ""
            try:
                return _split(f"{scheme}://{parts.path[len(prefix) :]}{query}")
            except InvalidInput:
                return None
    return None


def url_key(url: str) -> str:
    """The duplicate-detection key: the normalised URL without a scheme.

    A key is accepted back as input (it is read as https), so url_key(url_key(u)) == url_key(u).
    """
    text = url.strip()
    if text and not _SCHEME_PREFIX.match(text):
        text = _KEY_PREFIX + text
    return normalise_url(text)[len(_KEY_PREFIX) :]
