"""News URLs: validation and the normalised form that decides duplicates (docs/design.md 4)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote_plus, urlsplit

from adurabi_cli.errors import InvalidInput

# Tracking parameters that share platforms append; two links differing only in them are
# the same article.
TRACKING_PARAMS = frozenset({"fbclid", "igshid", "igsh", "si", "gclid"})
TRACKING_PREFIXES = ("utm_",)

# Both defaults go, whatever the scheme: the key ignores the scheme, so http://x:443 and
# https://x must agree, and dropping only one would make normalising twice differ.
_DEFAULT_PORTS = frozenset({80, 443})
_SCHEME_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_KEY_PREFIX = "https://"
_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`]")
# The shape nearly every news link has: lower-case scheme, a plain host, maybe a port, no
# credentials. Such a link is split here in one match; anything else goes to urlsplit. The
# two agree on every link the pattern takes (tests/domain/test_urls.py holds them to it).
_PLAIN_URL = re.compile(
    r"(https?)://([A-Za-z0-9.-]+)(?::(\d{1,5}))?(/[^?#]*)?(?:\?([^#]*))?(?:#.*)?", re.ASCII
)


class _Parts(NamedTuple):
    scheme: str
    netloc: str
    host: str
    port: int | None
    rest: str
    path: str
    query: str


def _not_a_web_address(text: str) -> InvalidInput:
    return InvalidInput(f"'{text}' is not a web address; use http:// or https://")


def _split(text: str) -> _Parts:
    """Split and validate an http(s) URL, keeping the original spelling of each part."""
    if not text or _FORBIDDEN.search(text):
        raise _not_a_web_address(text)
    scheme, netloc, host, port, path, query = _read_plain(text) or _read_generally(text)
    host = host.rstrip(".")
    if scheme not in ("http", "https") or not host.strip(".[]:"):
        raise _not_a_web_address(text)
    prefix_length = len(scheme) + 3
    if text[prefix_length - 3 : prefix_length] != "://":
        raise _not_a_web_address(text)
    rest = text[prefix_length + len(netloc) :]
    return _Parts(scheme, netloc, host, port, rest, path, query)


# (scheme, netloc, host, port, path, query) as _read_plain and _read_generally find them.
_Read = tuple[str, str, str, int | None, str, str]


def _read_plain(text: str) -> _Read | None:
    """A plain link's parts in one match, or None for any other."""
    plain = _PLAIN_URL.fullmatch(text)
    if plain is None:
        return None
    scheme, hostname, port_text, path, query = plain.groups()
    if port_text is None:
        return scheme, hostname, hostname.lower(), None, path or "", query or ""
    port = int(port_text)
    if port > 65535:
        return None
    return scheme, f"{hostname}:{port_text}", hostname.lower(), port, path or "", query or ""


def _read_generally(text: str) -> _Read:
    """urlsplit's reading of any URL."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise _not_a_web_address(text) from None
    # hostname keeps the case after a "%" (IPv6 zone ids); news hosts have none worth keeping.
    host = (parts.hostname or "").lower()
    return parts.scheme, parts.netloc, host, port, parts.path, parts.query


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


def _is_tracking(param: str) -> bool:
    """Whether one `name=value` query item is a tracking parameter."""
    return _tracking_name(param.partition("=")[0])


# Parameter names recur from link to link (utm_source, fbclid, id, page): each is judged once.
@lru_cache(maxsize=4096)
def _tracking_name(name: str) -> bool:
    if "%" in name or "+" in name:
        name = unquote_plus(name)
    name = name.strip().lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _bare_host(host: str) -> str:
    """The host without its www. prefixes, never emptied."""
    while host.startswith("www.") and len(host) > 4:
        host = host[4:]
    return host


def normalise_url(url: str) -> str:
    """The canonical https form: www., default port, credentials, fragment,
    trailing slash and tracking parameters dropped."""
    return _normalised(_split(url.strip()))


def _normalised(parts: _Parts) -> str:
    host = _bare_host(parts.host)
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None and parts.port not in _DEFAULT_PORTS:
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    kept = [item for item in parts.query.split("&") if item and not _is_tracking(item)]
    query = "?" + "&".join(kept) if kept else ""
    return f"{_KEY_PREFIX}{host}{path}{query}"


def url_key(url: str) -> str:
    """The duplicate-detection key: the normalised URL without a scheme.

    A key is accepted back as input (it is read as https), so url_key(url_key(u)) == url_key(u).
    """
    text = url.strip()
    if text and not _SCHEME_PREFIX.match(text):
        text = _KEY_PREFIX + text
    return normalise_url(text)[len(_KEY_PREFIX) :]
