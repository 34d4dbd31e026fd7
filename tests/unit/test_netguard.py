"""Which requests Akhbar refuses: non-web schemes, and private or reserved addresses not listed by the operator."""

from __future__ import annotations

import pytest

from crawler.net.guard import is_blocked_address, operator_hosts, refusal
from crawler.sources import Source


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",  # cloud metadata
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.5.4",
        "172.31.255.255",
        "192.168.1.1",
        "100.64.0.1",  # shared address space (CGNAT)
        "0.0.0.0",
        "224.0.0.1",  # multicast
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "::1",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:169.254.169.254",
        "[::1]",
    ],
)
def test_blocked_addresses(address: str) -> None:
    assert is_blocked_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "172.32.0.1", "2a00:1450:4001::1", "not-an-ip"])
def test_public_addresses_and_names_are_not_blocked_as_such(address: str) -> None:
    assert not is_blocked_address(address)


ALLOWED = frozenset({"127.0.0.1", "intranet.example"})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://169.254.169.254/latest/meta-data/", "blocked_address"),
        ("http://10.20.30.40/news/1", "blocked_address"),
        ("http://[::1]:8080/x", "blocked_address"),
        ("http://[fd00::5]/x", "blocked_address"),
        ("http://localhost:8080/admin", "blocked_address"),
        ("http://db.localhost/x", "blocked_address"),
        ("http://127.0.0.2/x", "blocked_address"),  # loopback, but not the host the operator wrote
        ("file:///etc/passwd", "bad_scheme"),
        ("ftp://127.0.0.1/x", "bad_scheme"),
        ("gopher://127.0.0.1:6379/_INFO", "bad_scheme"),
        ("javascript:alert(1)", "bad_scheme"),
        ("http:///no-host", "bad_scheme"),
        ("http://127.0.0.1:8000/news/1", None),  # listed by the operator
        ("http://INTRANET.example/news", None),
        ("https://www.aljazeera.net/news/1", None),  # names are checked once resolved
        ("http://8.8.8.8/x", None),
    ],
)
def test_refusal(url: str, expected: str | None) -> None:
    assert refusal(url, ALLOWED) == expected


def test_operator_hosts_are_every_listed_host_without_port() -> None:
    source = Source(
        id="sahil",
        name="Sahil",
        name_ar="الساحل",
        homepage="http://127.0.0.1:8000/",
        feeds=("http://Feeds.Sahil.example:81/rss",),
        country="LB",
        language="ar",
        timezone="Asia/Beirut",
        sitemaps=("https://cdn.sahil.example/sitemap.xml",),
    )
    assert operator_hosts([source]) == {"127.0.0.1", "feeds.sahil.example", "cdn.sahil.example"}
