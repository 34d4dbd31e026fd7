"""Requests that must never be made: a feed on an allowed host linking to private addresses, in every
spelling, and a redirect into the local network. The loopback outlet's own host is the operator's
(written in the sources file), so only its listed address is allowed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from crawler.demo.server import RouteServer
from tests.conftest import run_akhbar

PARAGRAPHS = [
    "أعلنت إدارة المطار عن افتتاح صالة جديدة للمسافرين تستوعب آلاف الركاب يومياً بعد أشهر من الأعمال.",
    "وقال مدير المطار إن الصالة مجهزة بأنظمة حديثة لتسريع إجراءات السفر وتقليل فترات الانتظار.",
    "وأضاف أن المرحلة المقبلة ستشمل توسعة مواقف السيارات وتحسين الطرق المؤدية إلى المطار.",
]


@pytest.fixture
def outlet() -> Iterator[RouteServer]:
    with RouteServer() as server:
        port = server.base_url.rsplit(":", 1)[1]
        hostile_links = [
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "http://10.20.30.40/news/1",
            f"http://[::1]:{port}/secret/ipv6",
            f"http://localhost:{port}/secret/localhost",
            f"http://127.0.0.2:{port}/secret/other-loopback",
            f"http://0x7f000001:{port}/secret/hex",  # a name to the parser, 127.0.0.1 to the resolver
            f"http://2130706433:{port}/secret/decimal",
            f"{server.base_url}/redirect-inward",
            f"{server.base_url}/redirect-to-file",
            f"{server.base_url}/news/airport.html",
        ]
        items = "".join(f"<item><title>خبر {i}</title><link>{u}</link></item>" for i, u in enumerate(hostile_links))
        feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>المطار</title>{items}</channel></rss>'
        page = (
            '<html lang="ar"><head><meta charset="utf-8"><title>افتتاح صالة جديدة في المطار</title></head><body>'
            "<h1>افتتاح صالة جديدة في المطار</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>"
        )
        server.routes.update(
            {
                "/rss.xml": (200, "application/rss+xml", feed.encode()),
                "/news/airport.html": (200, "text/html; charset=utf-8", page.encode()),
                "/secret/localhost": (200, "text/html", b"<html><body>internal admin panel</body></html>"),
            }
        )

        def inward(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
            return 302, {"Location": f"http://localhost:{port}/secret/redirected"}, b""

        def to_file(path: str, headers: Mapping[str, str]) -> tuple[int, Mapping[str, str], bytes]:
            return 301, {"Location": "file:///etc/passwd"}, b""

        server.responders["/redirect-inward"] = inward
        server.responders["/redirect-to-file"] = to_file
        yield server


def test_private_addresses_are_never_requested(outlet: RouteServer, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[sources]]\nid = "matar"\nname = "Matar"\nname_ar = "المطار"\nhomepage = "{outlet.base_url}/"\n'
        f'feeds = ["{outlet.base_url}/rss.xml"]\ncountry = "LB"\nlanguage = "ar"\n',
        encoding="utf-8",
    )
    result = run_akhbar(
        "crawl", "--sources", str(sources), "--db", "a.db", "--profile", "test", "--log-file", "crawl.log",
        "--set", "LOG_LEVEL=INFO", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [p for p in outlet.requests if p.startswith("/secret")]  # nothing reached the "internal" paths
    assert outlet.fetched("/news/airport.html") == 1  # the legitimate article is fetched…
    assert re.search(r"^matar\s+1/1\s+\S+\s+1\s", result.stdout, re.MULTILINE), result.stdout  # …and stored
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8")
    # Refused as written (IP literals, localhost) before any request…
    assert "'akhbar/entries_skipped/blocked_address': 5" in log
    # …or once resolved (hex and decimal spellings of 127.0.0.1), and the redirect into localhost.
    assert "'akhbar/blocked/blocked_address': 3" in log
    assert "refused http://localhost:" in log and "/secret/redirected" in log
    # A redirect to another scheme is not followed (and no handler for file:// exists anyway).
    assert "root:x:0:0" not in log
    assert "page http://127.0.0.1:" in log and "/redirect-to-file failed: HTTP 301" in log
