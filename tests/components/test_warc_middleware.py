"""The WARC middleware under a real Scrapy crawler: responses archived as received, skipped when cached,
metadata linking stored articles, off with an empty AKHBAR_WARC_DIR."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler import stats as keys
from crawler.archive.naming import warc_files
from crawler.items import Article, RawCapture
from spiders.warc import WarcMiddleware

URL = "https://nabd.example/news/1.html"
PAGE = "<html><body><h1>افتتاح جسر جديد فوق النهر</h1></body></html>".encode()


def _records(directory: Path) -> list[object]:
    out = []
    for path in warc_files(directory):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests="raise"):
                record.payload = record.raw_stream.read()
                out.append(record)
    return out


def test_responses_are_archived_as_received_and_linked_to_their_article(crawler: Crawler, tmp_path: Path) -> None:
    middleware = WarcMiddleware.from_crawler(crawler)
    request = Request(URL, headers={"Accept-Encoding": "gzip"})
    body = gzip.compress(PAGE)
    response = HtmlResponse(
        URL, status=200, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}, body=body, request=request
    )
    assert middleware.process_response(request, response) is response
    cached = HtmlResponse(URL, body=PAGE, flags=["cached"], request=request)
    middleware.process_response(request, cached)
    article = Article(url=URL, headline="افتتاح جسر جديد فوق النهر", body="نص", source_id="nabd")
    article.id = 7
    article.raw = RawCapture(url=URL, status=200, headers={}, body=PAGE)
    middleware.item_scraped(article)
    middleware.archive.close()
    middleware._publish()

    records = _records(tmp_path / "warc")
    assert [r.rec_type for r in records] == ["warcinfo", "response", "request", "metadata"]  # type: ignore[attr-defined]
    response_record, request_record, metadata = records[1:]
    assert response_record.payload == body  # type: ignore[attr-defined]  # still gzip: before decompression
    assert request_record.http_headers.get_header("Accept-Encoding") == "gzip"  # type: ignore[attr-defined]
    assert metadata.rec_headers.get_header("WARC-Refers-To") == response_record.rec_headers.get_header(  # type: ignore[attr-defined]
        "WARC-Record-ID"
    )
    assert b"akhbar-article-id: 7\r\nakhbar-source-id: nabd\r\n" in metadata.payload  # type: ignore[attr-defined]
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value(keys.total_key(keys.WARC_RECORDS)) == 4
    assert stats.get_value(keys.total_key(keys.WARC_CACHED)) == 1
    assert stats.get_value(keys.total_key(keys.WARC_DIR)) == str(tmp_path / "warc")  # beside test.db


def test_an_empty_warc_dir_switches_the_middleware_off(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"AKHBAR_STORE_URI": f"sqlite:///{tmp_path / 'a.db'}", "AKHBAR_WARC_DIR": ""})
    with pytest.raises(NotConfigured):
        WarcMiddleware.from_crawler(crawler)
    assert not (tmp_path / "warc").exists()
