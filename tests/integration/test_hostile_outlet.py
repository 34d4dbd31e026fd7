"""Hostile outlets: every misbehaviour of ``tests/hostile.py`` ends, in bounded time, in a named and
counted outcome for its source, and the other sources carry on.

Misbehaviours are grouped into four crawls (feeds and XML attacks, transport, Retry-After, article
pages), one source per misbehaviour, each crawl run once per module. Each test reads its source's row
of the summary (status word, ``↳`` error line), its counters from the stats Scrapy dumps into the log
at INFO, what the server was asked and sent, and where it matters the database.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
import urllib.request
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.listings.feeds import FeedError, parse_feed
from tests import hostile
from tests.conftest import run_akhbar
from tests.hostile import HostileServer, page_feed

# No crawl of this module may take longer (each case must end well within 60 s of test time).
CRAWL_SECONDS = 40.0
DOWNLOAD_TIMEOUT = 3
MAXSIZE = 2 * 1024 * 1024
MAX_ENTRIES = 20
EXTRACT_TIMEOUT = 2
REDIRECT_MAX_TIMES = 5  # settings/base.py
_STATS_DUMP = "Dumping Scrapy stats:"
# An integer stat in the dump: 'akhbar/source/good/stored': 2,
_STAT_RE = re.compile(r"'([^']+)': (\d+)[,}]")


@dataclass(frozen=True)
class Crawl:
    """One ``akhbar crawl``: exit code, summary, log, integer stats, wall time, database."""

    code: int
    stdout: str
    log: str
    stats: Mapping[str, int]
    seconds: float
    db: Path

    def _row(self, source_id: str) -> tuple[str, str | None]:
        lines = self.stdout.splitlines()
        i = next(i for i, line in enumerate(lines) if line.startswith(source_id + " "))
        after = lines[i + 1].strip() if i + 1 < len(lines) else ""
        return lines[i].split()[-1], after.removeprefix("↳ ") if after.startswith("↳") else None

    def status(self, source_id: str) -> str:
        return self._row(source_id)[0]

    def error(self, source_id: str) -> str:
        return self._row(source_id)[1] or ""

    def count(self, source_id: str, counter: str) -> int:
        return self.stats.get(f"akhbar/source/{source_id}/{counter}", 0)

    def total(self, key: str) -> int:
        return self.stats.get(f"akhbar/{key}", 0)

    def rows(self, sql: str, *args: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db) as db:
            return db.execute(sql, args).fetchall()


@dataclass(frozen=True)
class Run:
    crawl: Crawl
    server: HostileServer  # stopped; its requests, times and sent bytes stay readable
    others: tuple[HostileServer, ...] = ()


def _entry(source_id: str, feed: str, homepage: str) -> str:
    return (
        f'[[sources]]\nid = "{source_id}"\nname = "{source_id}"\nname_ar = "منفذ معادٍ"\n'
        f'homepage = "{homepage}/"\nfeeds = ["{feed}"]\ncountry = "LB"\nlanguage = "ar"\n\n'
    )


def _crawl(workdir: Path, server: HostileServer, cases: Mapping[str, str], *settings: str) -> Crawl:
    """Crawl one source per ``(id, feed path)`` of ``server`` with tight limits; ``settings`` add to them."""
    workdir.mkdir()
    sources = "".join(_entry(sid, server.url(path), server.base_url) for sid, path in cases.items())
    (workdir / "sources.toml").write_text(sources, encoding="utf-8")
    limits = (
        "LOG_LEVEL=INFO",
        "AKHBAR_FEED_MIN_INTERVAL=0",
        f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}",
        f"DOWNLOAD_MAXSIZE={MAXSIZE}",
        *settings,
    )
    args = ["crawl", "--sources", "sources.toml", "--db", "a.db", "--profile", "test", "--log-file", "crawl.log"]
    for setting in limits:
        args += ["--set", setting]
    started = time.monotonic()
    result = run_akhbar(*args, cwd=workdir, timeout=CRAWL_SECONDS + 20)
    seconds = time.monotonic() - started
    log = (workdir / "crawl.log").read_text(encoding="utf-8")
    assert _STATS_DUMP in log, result.stderr
    stats = {key: int(value) for key, value in _STAT_RE.findall(log.rpartition(_STATS_DUMP)[2])}
    return Crawl(result.returncode, result.stdout, log, stats, seconds, workdir / "a.db")


# --- Feeds and XML attacks ------------------------------------------------------------------------
FEED_CASES = {
    "good": hostile.GOOD_FEED,
    "malformed": hostile.MALFORMED_FEED,
    "html": hostile.HTML_AT_FEED,
    "empty": hostile.EMPTY_FEED,
    "mislabelled": hostile.MISLABELLED_FEED,
    "big": hostile.BIG_FEED,
    "links": hostile.LINKS_FEED,
    "repeated": hostile.REPEATED_FEED,
    "laughs": hostile.LAUGHS_FEED,
    "laughs_one_line": hostile.LAUGHS_ONE_LINE_FEED,
    "xxe": hostile.XXE_FEED,
}
SECRET = "akhbar-secret-3f9c1e-لا-تنشر"


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory, secret_file: Path) -> Iterator[Run]:
    with HostileServer(secret_file=secret_file) as server:
        crawl = _crawl(
            tmp_path_factory.mktemp("feeds") / "run", server, FEED_CASES, f"AKHBAR_MAX_ENTRIES_PER_FEED={MAX_ENTRIES}"
        )
    yield Run(crawl, server)


def test_feeds_crawl_is_bounded_and_the_good_source_is_stored(feeds: Run) -> None:
    crawl = feeds.crawl
    assert crawl.seconds < CRAWL_SECONDS
    assert crawl.code == 3, crawl.stdout  # some sources failed, others were fetched
    assert crawl.status("good") == "ok" and crawl.count("good", "stored") == 2
    assert crawl.stats["memusage/max"] - crawl.stats["memusage/startup"] < 300 * 1024 * 1024


def test_malformed_feed_is_read_and_counted(feeds: Run) -> None:
    crawl = feeds.crawl
    assert crawl.status("malformed") == "ok"
    assert crawl.count("malformed", "feeds_malformed") == 1
    # The first item survives the bad entity; the unclosed <title> swallows the second one's link.
    assert crawl.count("malformed", "stored") == 1
    assert crawl.count("malformed", "entries_skipped") == 1


@pytest.mark.parametrize(
    ("source_id", "message"),
    [("html", "not a feed: the server sent an HTML page"), ("empty", "empty body")],
)
def test_not_a_feed_fails_with_its_reason(feeds: Run, source_id: str, message: str) -> None:
    crawl = feeds.crawl
    assert crawl.status(source_id) == "FAILED"
    assert message in crawl.error(source_id)
    assert crawl.count(source_id, "feeds_failed") == 1
    assert crawl.total("feeds_failed/not_a_feed") >= 2


def test_windows_1256_feed_declared_utf8_is_read_as_arabic(feeds: Run) -> None:
    crawl = feeds.crawl
    assert crawl.status("mislabelled") == "ok"
    [(tags, summary)] = crawl.rows("SELECT tags, summary FROM articles WHERE source_id = ?", "mislabelled")
    assert hostile.MISLABELLED_CATEGORY in str(tags)  # from the feed's <category>, not «ÔÄæä ÈáÏíÉ»
    assert summary == "سيول في الوديان وتحذيرات للسائقين"  # the page has no lead: the feed's summary


def test_feed_of_5000_entries_is_capped(feeds: Run) -> None:
    crawl = feeds.crawl
    assert crawl.status("big") == "ok"
    assert crawl.count("big", "entries") == hostile.BIG_FEED_ENTRIES
    assert crawl.count("big", "pages_requested") == MAX_ENTRIES
    assert feeds.server.fetched_under("/articles/big-") == MAX_ENTRIES
    assert crawl.count("big", "stored") == MAX_ENTRIES


def test_entry_links_skipped_or_resolved(feeds: Run) -> None:
    crawl = feeds.crawl
    assert crawl.status("links") == "ok"
    # No link, javascript: and data: are counted as skipped; relative links resolve against the feed URL.
    assert crawl.count("links", "entries_skipped") == 3
    assert feeds.server.fetched("/articles/relative-root.html") == 1
    assert feeds.server.fetched("/articles/relative-up.html") == 1  # «../articles/…» from /feeds/links.xml
    assert crawl.count("links", "stored") == 2
    assert not any(
        p.startswith(("javascript", "data", "/feeds/javascript", "/feeds/data")) for p in feeds.server.requests
    )


def test_repeated_entry_is_fetched_once(feeds: Run) -> None:
    crawl = feeds.crawl
    assert crawl.status("repeated") == "ok"
    assert feeds.server.fetched("/articles/repeated.html") == 1
    assert crawl.count("repeated", "stored") == 1


@pytest.mark.parametrize("source_id", ["laughs", "laughs_one_line"])
def test_billion_laughs_is_refused(feeds: Run, source_id: str) -> None:
    crawl = feeds.crawl
    assert crawl.status(source_id) == "FAILED"
    assert "the XML exceeds the parser's safety limits" in crawl.error(source_id)
    assert crawl.count(source_id, "pages_requested") == 0


@pytest.mark.parametrize("path", [hostile.LAUGHS_FEED, hostile.LAUGHS_ONE_LINE_FEED])
def test_billion_laughs_costs_parse_feed_no_time(path: str) -> None:
    """Feed parsing runs on the reactor thread: an attack must not hold it (expat alone took seconds)."""
    with HostileServer() as server, urllib.request.urlopen(server.url(path), timeout=5) as response:
        body = response.read()
    started = time.monotonic()
    with pytest.raises(FeedError, match="safety limits"):
        parse_feed(body, server.url(path), content_type="application/rss+xml")
    assert time.monotonic() - started < 0.5


def test_external_entity_is_never_read(feeds: Run, secret_file: Path) -> None:
    crawl = feeds.crawl
    assert crawl.status("xxe") == "ok"
    assert crawl.count("xxe", "feeds_malformed") == 1  # declares entities of its own: not expanded
    assert crawl.count("xxe", "stored") == 1
    assert SECRET not in crawl.log and SECRET not in crawl.stdout
    assert not [cell for cell in _all_cells(crawl.db) if SECRET in cell]
    [(summary, tags, authors)] = crawl.rows("SELECT summary, tags, authors FROM articles WHERE source_id = ?", "xxe")
    assert summary == "وصف" and tags == "[]" and authors == "[]"  # the reference is dropped, not kept as «&xxe;»


def _all_cells(db: Path) -> Iterator[str]:
    """Every value of every table, as text (compressed raw pages inflated)."""
    with sqlite3.connect(db) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                yield from (_as_text(value) for value in row if value is not None)


def _as_text(value: object) -> str:
    if not isinstance(value, bytes):
        return str(value)
    with contextlib.suppress(zlib.error):  # not compressed: searched as it is
        value = zlib.decompress(value)
    return value.decode("utf-8", errors="replace")


# --- Transport ------------------------------------------------------------------------------------
TRANSPORT_CASES = {
    "good": hostile.GOOD_FEED,
    "chain": hostile.REDIRECT_CHAIN,
    "loop": hostile.REDIRECT_LOOP,
    "elsewhere": hostile.REDIRECT_ELSEWHERE,
    "private": hostile.REDIRECT_PRIVATE,
    "gone404": hostile.STATUS_404,
    "gone410": hostile.STATUS_410,
    "broken500": hostile.STATUS_500,
    "silent": hostile.SILENT,
    "trickle": hostile.TRICKLE,
    "hang_up": hostile.HANG_UP,
    "not_http": hostile.NOT_HTTP,
    "huge_declared": hostile.HUGE_DECLARED,
    "huge_streamed": hostile.HUGE_STREAMED,
    "gzip_bomb": hostile.GZIP_BOMB,
    "long_length": hostile.LONG_LENGTH,
    "short_length": hostile.SHORT_LENGTH,
    "reset": hostile.RESET,
}


@pytest.fixture(scope="module")
def transport(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    # Another port of 127.0.0.1 (a host the sources file names), and 127.0.0.2 (one it does not).
    with HostileServer() as other, HostileServer("127.0.0.2") as private, HostileServer() as server:
        server.redirects[hostile.REDIRECT_ELSEWHERE] = other.url(hostile.ELSEWHERE_FEED)
        server.redirects[hostile.REDIRECT_PRIVATE] = private.url(hostile.ELSEWHERE_FEED)
        crawl = _crawl(tmp_path_factory.mktemp("transport") / "run", server, TRANSPORT_CASES)
    yield Run(crawl, server, (other, private))


def test_transport_crawl_is_bounded(transport: Run) -> None:
    crawl = transport.crawl
    assert crawl.seconds < CRAWL_SECONDS
    assert crawl.code == 3, crawl.stdout
    assert crawl.status("good") == "ok" and crawl.count("good", "stored") == 2


@pytest.mark.parametrize(
    ("source_id", "reason", "message"),
    [
        ("loop", "redirect_loop", "too many redirects"),
        ("gone404", "http_404", "HTTP 404"),
        ("gone410", "http_410", "HTTP 410"),
        ("broken500", "http_500", "HTTP 500"),
        ("silent", "timeout", "timed out"),
        ("trickle", "timeout", "timed out"),
        ("hang_up", "no_response", "connection closed before any response"),
        ("not_http", "bad_response", "not valid HTTP"),
        ("huge_declared", "too_large", "larger than the size limit (DOWNLOAD_MAXSIZE)"),
        ("huge_streamed", "too_large", "larger than the size limit (DOWNLOAD_MAXSIZE)"),
        ("gzip_bomb", "too_large", "larger than the size limit once decompressed"),
        ("long_length", "data_loss", "response cut short (data loss)"),
        ("reset", "data_loss", "response cut short (data loss)"),
    ],
)
def test_transport_failure_is_named_and_counted(transport: Run, source_id: str, reason: str, message: str) -> None:
    crawl = transport.crawl
    assert crawl.status(source_id) == "FAILED"
    assert message in crawl.error(source_id), crawl.error(source_id)
    assert crawl.count(source_id, "feeds_failed") == 1
    assert crawl.total(f"feeds_failed/{reason}") >= 1


def test_redirect_chain_is_followed(transport: Run) -> None:
    crawl = transport.crawl
    assert crawl.status("chain") == "ok"
    for path in (hostile.REDIRECT_CHAIN, "/redirect/2", "/redirect/3", hostile.CHAIN_FEED):
        assert transport.server.fetched(path) == 1
    assert crawl.count("chain", "stored") == 1


def test_redirect_loop_is_bounded(transport: Run) -> None:
    asked = transport.server.fetched(hostile.REDIRECT_LOOP) + transport.server.fetched("/redirect/loop-b")
    assert asked == REDIRECT_MAX_TIMES + 1


def test_redirect_to_another_port_is_followed(transport: Run) -> None:
    """Scrapy follows a redirect to another host:port (here 127.0.0.1, which the sources file names);
    the feed read there counts for the source that was asked."""
    crawl = transport.crawl
    other, _private = transport.others
    assert crawl.status("elsewhere") == "ok"
    assert other.fetched(hostile.ELSEWHERE_FEED) == 1
    [(url,)] = crawl.rows("SELECT url FROM articles WHERE source_id = ?", "elsewhere")
    assert str(url).startswith(other.base_url)


def test_redirect_to_an_unlisted_private_address_is_refused(transport: Run) -> None:
    """The network guard checks every request, redirects included: 127.0.0.2 is not in the sources file."""
    crawl = transport.crawl
    _other, private = transport.others
    assert crawl.status("private") == "FAILED"
    assert "private or reserved network address" in crawl.error("private")
    assert crawl.total("feeds_failed/blocked_address") == 1
    assert private.requests == []


def test_slow_bodies_stop_at_the_timeout(transport: Run) -> None:
    assert transport.server.sent[hostile.TRICKLE] <= DOWNLOAD_TIMEOUT + 2  # a byte a second


@pytest.mark.parametrize("path", [hostile.HUGE_DECLARED, hostile.HUGE_STREAMED])
def test_huge_bodies_are_cut_off(transport: Run, path: str) -> None:
    # The client hangs up near DOWNLOAD_MAXSIZE; socket buffers let a few more megabytes through.
    assert transport.server.sent[path] < 32 * 1024 * 1024 < hostile.HUGE_BYTES


def test_gzip_bomb_is_stopped_at_the_size_limit(transport: Run) -> None:
    """Scrapy 2.19's HttpCompressionMiddleware stops inflating at DOWNLOAD_MAXSIZE (IgnoreRequest)."""
    assert transport.server.sent[hostile.GZIP_BOMB] < MAXSIZE  # the bomb itself was allowed in
    assert "exceeded DOWNLOAD_MAXSIZE" in transport.crawl.log


def test_short_content_length_truncates_the_feed(transport: Run) -> None:
    crawl = transport.crawl
    assert crawl.status("short_length") == "ok"
    assert crawl.count("short_length", "feeds_malformed") == 1
    assert crawl.count("short_length", "stored") == 1  # the first item; the second is cut mid-way
    assert transport.server.fetched("/articles/length-2.html") == 0


# --- Retry-After ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def retry_after(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    cases = {"soon": hostile.BUSY_429_ONCE, "later": hostile.BUSY_503_FOREVER}
    with HostileServer() as server:
        crawl = _crawl(tmp_path_factory.mktemp("retry") / "run", server, cases, "RETRY_TIMES=1")
    yield Run(crawl, server)


def test_429_with_a_short_retry_after_is_waited_for(retry_after: Run) -> None:
    crawl = retry_after.crawl
    assert crawl.seconds < CRAWL_SECONDS
    assert crawl.status("soon") == "ok" and crawl.count("soon", "stored") == 1
    first, second = retry_after.server.times[hostile.BUSY_429_ONCE]
    assert second - first >= hostile.RETRY_AFTER_SOON - 0.1
    assert crawl.total("retry_after/waited") == 1


def test_503_with_an_hour_long_retry_after_gives_up_at_once(retry_after: Run) -> None:
    crawl = retry_after.crawl
    assert crawl.status("later") == "FAILED"
    assert f"HTTP 503 (Retry-After: {hostile.RETRY_AFTER_LATER})" in crawl.error("later")
    assert crawl.total("feeds_failed/http_503") == 1
    assert crawl.total("retry_after/given_up") >= 1
    # RETRY_TIMES=1: Scrapy's RetryMiddleware asks once more, at once (it does not read Retry-After).
    assert retry_after.server.fetched(hostile.BUSY_503_FOREVER) <= 2
    assert crawl.seconds < CRAWL_SECONDS


# --- Article pages --------------------------------------------------------------------------------
PAGE_CASES = {
    "good": hostile.GOOD_FEED,
    "pdf": page_feed("pdf"),
    "png": page_feed("png"),
    "disguised": page_feed("disguised"),
    "nested": page_feed("nested"),
    "slow": page_feed("slow"),
    "dupe": page_feed("dupe"),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    with HostileServer() as server:
        crawl = _crawl(
            tmp_path_factory.mktemp("pages") / "run",
            server,
            PAGE_CASES,
            "DOWNLOAD_MAXSIZE=16777216",  # the 11 MB and 13 MB pages are allowed in
            f"AKHBAR_EXTRACT_TIMEOUT={EXTRACT_TIMEOUT}",
        )
    yield Run(crawl, server)


def test_pages_crawl_is_bounded(pages: Run) -> None:
    crawl = pages.crawl
    assert crawl.seconds < CRAWL_SECONDS
    assert crawl.code == 0, crawl.stdout  # every feed was read; page outcomes are counted, not fatal
    assert crawl.status("good") == "ok" and crawl.count("good", "stored") == 2


@pytest.mark.parametrize("source_id", ["pdf", "png", "disguised"])
def test_binary_pages_are_not_articles(pages: Run, source_id: str) -> None:
    crawl = pages.crawl
    assert crawl.count(source_id, "not_article") == 1
    assert crawl.count(source_id, "stored") == crawl.count(source_id, "dropped") == 0
    assert crawl.total("not_article/not_html") == 3
    assert "photo.html: a PNG image" in crawl.log  # served as text/html: told by its first bytes


def test_deeply_nested_page_is_bounded_and_counted(pages: Run) -> None:
    crawl = pages.crawl
    assert pages.server.sent[hostile.NESTED_PAGE] > 10_000_000
    # libxml2 stops at its nesting limit: the paragraphs inside are never reached, no article.
    assert crawl.count("nested", "not_article") == 1
    assert crawl.total("not_article/no_article_text") == 1


def test_slow_extraction_times_out_and_the_crawl_goes_on(pages: Run) -> None:
    crawl = pages.crawl
    assert crawl.count("slow", "pages_failed") == 1
    assert crawl.total("pages_failed/extraction_timeout") == 1
    assert f"extraction took more than {EXTRACT_TIMEOUT} s" in crawl.error("slow")
    assert crawl.count("slow", "stored") == 1  # the other article of the same feed


def test_same_article_at_two_urls_is_stored_once(pages: Run) -> None:
    crawl = pages.crawl
    assert pages.server.fetched(hostile.DUPE_PAGE) == pages.server.fetched(hostile.DUPE_COPY) == 1
    assert crawl.count("dupe", "stored") == 1
    assert crawl.count("dupe", "dropped") == 1
    assert crawl.total("dropped/duplicate_content") == 1
    assert crawl.rows("SELECT count(*) FROM articles WHERE source_id = ?", "dupe") == [(1,)]
