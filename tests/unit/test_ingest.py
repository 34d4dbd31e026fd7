"""Articles from WARC files: files our tests write with warcio (the demo outlets' pages rendered in
memory, a CC-NEWS-like file with many hosts and every kind of record, broken files), ingested into a
fresh store, and the same files read by ``akhbar reextract --warc``."""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.app.ingest import (
    IngestCounts,
    IngestOptions,
    WarcTally,
    capture_time,
    ingest_warcs,
    looks_like_html,
    read_responses,
    render_counts,
    warc_captures,
)
from crawler.app.reextract import Note, ReextractOptions, reextract
from crawler.demo import ARTICLES, NOT_ARTICLE_PATHS, sources_toml
from crawler.demo.site import build_routes
from crawler.items import NOT_ARTICLE
from crawler.sources import Source, load_sources
from crawler.store import Store

BASE = "http://127.0.0.1:8765"
ROUTES = build_routes(BASE)
NABD = [a for a in ARTICLES if a.outlet_id == "nabd"]
WADI = [a for a in ARTICLES if a.outlet_id == "wadi" and a.syndicated_from is None]
MAGHREB = [a for a in ARTICLES if a.outlet_id == "maghreb"]
SECTION = NOT_ARTICLE_PATHS[0]
# Another Arabic outlet, not registered: the demo's pages rendered under another host.
OTHER = "http://akhbar-okhra.example"
OTHER_ROUTES = build_routes(OTHER)
DATE = "2026-11-29T08:00:00Z"
ENGLISH = (
    b"<!DOCTYPE html><html lang='en'><head><title>Markets close higher</title></head><body><article>"
    b"<h1>Markets close higher</h1>"
    + b"<p>Stocks rose on Friday as investors weighed new figures on trade and prices across the region.</p>" * 6
    + b"</article></body></html>"
)


@pytest.fixture
def sources(tmp_path: Path) -> list[Source]:
    path = tmp_path / "sources.toml"
    path.write_text(sources_toml(BASE), encoding="utf-8")
    return load_sources(path)


class Warc:
    """A WARC file being written with warcio, record by record."""

    def __init__(self, *, gzip_records: bool = True, version: str = "1.1") -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzip_records, warc_version=version)

    def response(
        self,
        url: str,
        body: bytes,
        content_type: str | None = "text/html; charset=utf-8",
        *,
        status: str = "200 OK",
        date: str = DATE,
        encoding: str | None = None,
    ) -> None:
        headers = [("Content-Type", content_type)] if content_type else []
        if encoding == "gzip":
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
        elif encoding == "chunked":
            body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:100], body[100:]) if part)
            body += b"0\r\n\r\n"
            headers.append(("Transfer-Encoding", "chunked"))
        if encoding != "chunked":
            headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        self._write(url, "response", io.BytesIO(body), http, date)

    def page(self, base: str, path: str, *, routes: dict[str, tuple[int, str, bytes]] | None = None, **kw: str) -> None:
        _, ctype, body = (routes or ROUTES)[path]
        self.response(base + path, body, **({"content_type": ctype} | kw))

    def request(self, url: str) -> None:
        path = url.split("/", 3)[-1]
        http = StatusAndHeaders(f"GET /{path} HTTP/1.1", [("Host", "127.0.0.1")], is_http_request=True)
        self._write(url, "request", io.BytesIO(b""), http, DATE)

    def revisit(self, url: str) -> None:
        record = self.writer.create_revisit_record(
            url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", url, DATE, warc_headers_dict={"WARC-Date": DATE}
        )
        self.writer.write_record(record)

    def metadata(self, url: str) -> None:
        record = self.writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(b"akhbar-article-id: 1\r\n"),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": DATE},
        )
        self.writer.write_record(record)

    def info(self) -> None:
        self.writer.write_record(self.writer.create_warcinfo_record("test.warc.gz", {"software": "tests"}))

    def _write(self, url: str, kind: str, payload: io.BytesIO, http: StatusAndHeaders, date: str) -> None:
        record = self.writer.create_warc_record(
            url, kind, payload=payload, http_headers=http, warc_headers_dict={"WARC-Date": date}
        )
        self.writer.write_record(record)

    def save(self, path: Path, *, cut: int = 0) -> Path:
        data = self.buffer.getvalue()
        path.write_bytes(data[: len(data) - cut] if cut else data)
        return path


def demo_warc(paths: Sequence[str], **kw: str) -> Warc:
    warc = Warc()
    for path in paths:
        warc.page(BASE, path, **kw)
    return warc


def ingest(
    store: Store, sources: list[Source], paths: Sequence[Path], **options: bool
) -> tuple[IngestCounts, list[Note]]:
    notes: list[Note] = []
    counts = ingest_warcs(store, sources, paths, IngestOptions(**options), on_note=notes.append)
    return counts, notes


def test_the_demo_outlets_pages_become_their_articles(tmp_path: Path, store: Store, sources: list[Source]) -> None:
    wanted = [*NABD, *WADI, *MAGHREB]
    warc = demo_warc([a.path for a in wanted])
    warc.page(BASE, SECTION)
    counts, notes = ingest(store, sources, [warc.save(tmp_path / "demo.warc.gz")])
    assert notes == []
    assert (counts.pages, counts.stored, counts.updated, counts.unchanged) == (len(wanted) + 1, len(wanted), 0, 0)
    assert counts.refused == {"listing_page": 1}
    for truth in wanted:
        article = store.find(BASE + truth.path)
        assert article is not None, truth.path
        assert article.headline == truth.headline
        assert truth.paragraphs[0] in article.body and truth.paragraphs[-1] in article.body
        assert article.source_id == truth.outlet_id  # outlets sharing a host told apart by their homepage path
        assert article.fetched_at == "2026-11-29T08:00:00+00:00"  # the capture time
        assert article.id is not None
        raw = store.get_raw(article.id)
        assert raw is not None and raw.body == ROUTES[truth.path][2]
    section = store.get_refused(BASE + SECTION)
    assert section is not None and section.verdict == NOT_ARTICLE and section.reason == "listing_page"
    assert section.fetched_at == "2026-11-29T08:00:00+00:00" and section.raw.body == ROUTES[SECTION][2]


def test_a_second_ingest_of_the_same_file_changes_nothing(tmp_path: Path, store: Store, sources: list[Source]) -> None:
    path = demo_warc([a.path for a in NABD[:3]]).save(tmp_path / "a.warc.gz")
    ingest(store, sources, [path])
    counts, _ = ingest(store, sources, [path])
    assert (counts.stored, counts.updated, counts.unchanged) == (0, 0, 3)
    assert store.count() == 3


def test_an_older_capture_never_rolls_a_stored_article_back(
    tmp_path: Path, store: Store, sources: list[Source]
) -> None:
    newer = demo_warc([NABD[0].path], date="2026-11-30T08:00:00Z").save(tmp_path / "new.warc")
    older = Warc()
    older.response(BASE + NABD[0].path, ROUTES[NABD[1].path][2], date="2026-11-01T08:00:00Z")
    ingest(store, sources, [newer])
    counts, _ = ingest(store, sources, [older.save(tmp_path / "old.warc.gz")])
    assert counts.warc.skipped["older_than_stored"] == 1 and counts.stored + counts.updated == 0
    article = store.find(BASE + NABD[0].path)
    assert article is not None and article.headline == NABD[0].headline
    assert article.fetched_at == "2026-11-30T08:00:00+00:00"


def cc_news_like(tmp_path: Path) -> Path:
    """Many hosts and every kind of record, gzipped per record, WARC/1.0; the last record cut short."""
    warc = Warc(version="1.0")
    warc.info()
    warc.request(BASE + NABD[0].path)
    warc.page(BASE, NABD[0].path, encoding="gzip")  # a gzip-encoded payload
    warc.metadata(BASE + NABD[0].path)
    warc.request(BASE + NABD[1].path)
    warc.page(BASE, NABD[1].path, encoding="chunked")
    warc.revisit(BASE + NABD[0].path)
    warc.response(BASE + "/nabd/images/lead.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 200, "image/jpeg")
    warc.response(BASE + "/nabd/report.pdf", b"%PDF-1.7\n" + b"\0" * 200, "application/pdf")
    warc.response(BASE + "/nabd/rss.xml", ROUTES["/nabd/rss.xml"][2], "application/rss+xml")
    # Sniffed: no type, and a generic one.
    warc.page(BASE, WADI[0].path, content_type="")
    warc.response(BASE + MAGHREB[0].path, ROUTES[MAGHREB[0].path][2], "application/octet-stream")
    warc.response(BASE + "/nabd/old-address.html", b"", status="301 Moved Permanently")
    warc.response(BASE + "/nabd/missing.html", b"<html><body>not found</body></html>", status="404 Not Found")
    warc.page(BASE, SECTION)
    warc.page(OTHER, NABD[2].path, routes=OTHER_ROUTES)
    warc.response("https://www.news.example/markets/close.html", ENGLISH)
    warc.response("https://cdn.example/app.js", b"console.log(1)", "application/javascript")
    warc.page(BASE, NABD[3].path)  # cut short below
    return warc.save(tmp_path / "CC-NEWS-20261129080000-00001.warc.gz", cut=40)


def test_a_cc_news_like_file_gives_the_registered_outlets_articles(
    tmp_path: Path, store: Store, sources: list[Source]
) -> None:
    broken = cc_news_like(tmp_path)
    after = demo_warc([NABD[4].path], content_type="text/html").save(tmp_path / "after.warc")
    counts, notes = ingest(store, sources, [broken, after])
    # The broken file is named with the offset of its cut record, and the next file is read all the same.
    assert len(notes) == 1 and notes[0].subject == str(broken)
    assert "broken at offset" in notes[0].message and "cut short" in notes[0].message
    offset = int(notes[0].message.split("offset ")[1].split(":")[0])
    assert 0 < offset < broken.stat().st_size
    assert (counts.warc.files, counts.warc.broken) == (2, 1)
    assert counts.warc.records == 20
    assert counts.warc.skipped == {
        "warcinfo": 1,
        "request": 2,
        "metadata": 1,
        "revisit": 1,
        "not_html": 4,
        "http_status": 2,
        "other_host": 2,
    }
    assert counts.warc.responses == 8  # 6 of registered hosts, 2 of others
    assert (counts.pages, counts.stored) == (6, 5)
    assert counts.refused == {"listing_page": 1}
    assert not counts.dropped
    for path in (NABD[0].path, NABD[1].path, WADI[0].path, MAGHREB[0].path, NABD[4].path):
        article = store.find(BASE + path)
        assert article is not None, path
        truth = next(a for a in ARTICLES if a.path == path)
        assert article.headline == truth.headline and truth.paragraphs[-1] in article.body
    assert store.find(BASE + NABD[3].path) is None  # the cut record is not used
    assert store.find(OTHER + NABD[2].path) is None
    summary = render_counts(counts)
    assert "broken_files  1" in summary and "request 2" in summary and "listing_page 1" in summary


def test_any_host_takes_arabic_articles_of_every_host_under_its_own_name(
    tmp_path: Path, store: Store, sources: list[Source]
) -> None:
    counts, _ = ingest(store, sources, [cc_news_like(tmp_path)], any_host=True)
    other = store.find(OTHER + NABD[2].path)
    assert other is not None and other.headline == NABD[2].headline
    assert (other.source_id, other.source_name) == ("akhbar-okhra.example", "akhbar-okhra.example")
    english = "https://www.news.example/markets/close.html"
    assert (counts.pages, counts.stored) == (7, 5)
    assert counts.refused.total() + counts.dropped.total() == 2  # the section page and the English one
    assert store.find(english) is None and store.get_refused(english) is None  # counted, not kept
    assert "other_host" not in counts.warc.skipped


def test_uncompressed_and_gzipped_files_broken_in_the_middle(
    tmp_path: Path, store: Store, sources: list[Source]
) -> None:
    plain = Warc(gzip_records=False)
    plain.page(BASE, NABD[0].path)
    data = plain.buffer.getvalue()
    plain.page(BASE, NABD[1].path)
    broken = tmp_path / "broken.warc"
    broken.write_bytes(data + b"WARC/1.1\r\nnot a header at all\r\n\r\n" + b"x" * 50)
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(b"this is not a WARC file at all\n" * 4)
    counts, notes = ingest(store, sources, [broken, garbage])
    assert [n.subject for n in notes] == [str(broken), str(garbage)]
    assert f"offset {len(data) - 4}" in notes[0].message or f"offset {len(data)}" in notes[0].message
    assert "broken at offset" in notes[1].message
    assert counts.stored == 1 and counts.warc.broken == 2


def test_html_is_sniffed_from_the_first_bytes() -> None:
    assert looks_like_html(b"\xef\xbb\xbf\n  <!DOCTYPE html><html>")
    assert looks_like_html(b"<!-- generated --><html lang='ar'>")
    assert not looks_like_html(b"%PDF-1.7")
    assert not looks_like_html(b'{"items": []}')
    assert capture_time("2026-11-29T08:00:00.123456Z") == "2026-11-29T08:00:00+00:00"
    assert capture_time("2026-11-29T10:00:00+02:00") == "2026-11-29T08:00:00+00:00"
    assert capture_time("yesterday") is None


def test_responses_keep_decoded_bodies_without_transfer_headers(tmp_path: Path) -> None:
    warc = Warc()
    warc.page(BASE, NABD[0].path, encoding="gzip")
    tally = WarcTally()
    [response] = read_responses(warc.save(tmp_path / "g.warc.gz"), tally)
    assert response.raw.body == ROUTES[NABD[0].path][2]
    assert response.raw.headers == {"Content-Type": "text/html; charset=utf-8"}
    assert (response.raw.url, response.fetched_at, response.offset) == (
        BASE + NABD[0].path,
        "2026-11-29T08:00:00+00:00",
        0,
    )


def test_reextract_rebuilds_a_database_from_the_archive_alone(
    tmp_path: Path, store: Store, sources: list[Source]
) -> None:
    warc = demo_warc([a.path for a in NABD[:4]])
    warc.page(BASE, SECTION)
    warc.page(BASE, NABD[0].path)  # a second capture of an address
    path = warc.save(tmp_path / "archive.warc.gz")

    def run() -> tuple[dict[str, int], WarcTally]:
        tally = WarcTally()
        captures = warc_captures(store, sources, [path], tally)
        return reextract(store, sources, ReextractOptions(), captures=captures).to_dict(), tally

    first, tally = run()
    assert first == {"pages": 5, "changed": 0, "recovered": 4, "unchanged": 0, "refused": 1}
    assert tally.skipped == {"repeated_url": 1}
    article = store.find(BASE + NABD[2].path)
    assert article is not None and article.headline == NABD[2].headline
    assert article.fetched_at == "2026-11-29T08:00:00+00:00" and article.source_id == "nabd"
    assert article.id is not None and store.get_raw(article.id) is not None
    refused = store.get_refused(BASE + SECTION)
    assert refused is not None and refused.reason == "listing_page"
    second, _ = run()
    assert second == {"pages": 5, "changed": 0, "recovered": 0, "unchanged": 4, "refused": 1}
