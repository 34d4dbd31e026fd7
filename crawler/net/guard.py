"""Requests that must never be made: non-web schemes, and private or reserved addresses.

A crawler that follows links from pages it does not control must not become a way into the network it
runs in (cloud metadata at 169.254.169.254, admin panels on 10.x, services on localhost). Only
http(s) is fetched, and an address that is not globally routable is refused unless its host is one
the operator wrote in the sources file (the tests' loopback outlets, an intranet outlet on purpose).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from crawler.sources import Source

_WEB_SCHEMES = frozenset(("http", "https"))


def is_blocked_address(address: str) -> bool:
    """True for loopback, private, link-local, shared (CGNAT), reserved, unspecified, documentation and
    multicast addresses, IPv4-mapped IPv6 included; False for a public address or a non-address."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def operator_hosts(sources: Iterable[Source]) -> frozenset[str]:
    """Host names (lower-case, no port) of every homepage, feed and sitemap the operator listed."""
    hosts = set()
    for source in sources:
        for url in (source.homepage, *source.inputs):
            host = urlsplit(url).hostname
            if host:
                hosts.add(host.lower())
    return frozenset(hosts)


def refusal(url: str, allowed_hosts: frozenset[str]) -> str | None:
    """Why ``url`` must not be fetched (``"bad_scheme"``, ``"blocked_address"``), or ``None``.

    Only what the URL itself says is checked here; a host name that resolves to a blocked address is
    caught after resolution (``is_blocked_address`` on the resolved address).
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return "bad_scheme"
    if parts.scheme.lower() not in _WEB_SCHEMES or not host:
        return "bad_scheme"
    if host in allowed_hosts:
        return None
    if is_ip_literal(host) and is_blocked_address(host):
        return "blocked_address"
    if host == "localhost" or host.endswith(".localhost"):
        return "blocked_address"  # resolves to loopback by definition (RFC 6761)
    return None
