"""Article URLs: resolution, canonical form, and which address identifies an article."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

# Query parameters that only track the click (campaigns, feed readers, social shares); the same
# article is reached without them.
_TRACKING_PARAM_RE = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|ocid|"
    r"traffic_source|ref_src|cmpid)$",
    re.IGNORECASE,
)
_HTTP_SCHEMES = frozenset({"http", "https"})
# Characters left as they are in a path; everything else (Arabic slugs included) is percent-encoded,
# so a raw IRI and its encoded form compare equal.
_PATH_SAFE = "/;:@&=+$,!~*'()%-._"
_ESCAPE_RE = re.compile(r"%[0-9a-fA-F]{2}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme.lower() in _HTTP_SCHEMES and bool(parts.hostname)


def resolve(link: str, base: str) -> str | None:
    """``link`` made absolute against ``base``; ``None`` unless the result is an http(s) URL."""
    link = link.strip()
    if not link:
        return None
    absolute = urljoin(base, link)
    return absolute if is_http_url(absolute) else None


def canonicalize(url: str) -> str:
    """The canonical form used to compare article URLs.

    Lower-case scheme and host, default port and fragment dropped, tracking parameters removed,
    remaining query parameters kept in their order (outlets use them as article ids), the path
    percent-encoded one way (``/أخبار`` and ``/%D8%A3…`` are the same page). A URL too broken to
    parse comes back stripped but otherwise unchanged.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    # Filter the raw pairs rather than re-encoding them: ``news.php?12345`` must stay as it is.
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _TRACKING_PARAM_RE.match(unquote(pair.split("=")[0]))
    )
    path = _ESCAPE_RE.sub(lambda m: m.group(0).upper(), quote(parts.path or "/", safe=_PATH_SAFE))
    return urlunsplit((scheme, netloc, path, query, ""))


def registered_host(url: str) -> str:
    """Host without a leading ``www.``/``m.``/``amp.``, for same-site comparisons."""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def article_key(url: str, canonical_url: str | None) -> str:
    """The address that identifies an article in the store.

    The declared canonical URL when it is plausible (same site, not the site root), else the URL
    fetched: many outlets declare their homepage, another edition's host, or nothing at all.
    """
    fetched = canonicalize(url)
    if not canonical_url or not is_http_url(canonical_url):
        return fetched
    declared = canonicalize(canonical_url)
    if registered_host(declared) != registered_host(fetched):
        return fetched
    if urlsplit(declared).path.strip("/") == "":
        return fetched
    return declared
