"""The feeds spider's callbacks: feed → requests, page → Article, failures counted per source."""

from __future__ import annotations

import time

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from crawler.extraction.workers import ExtractionPool
from crawler.items import Article, FeedEntry, RefusedPage
from crawler.listings.backlog import PendingEntry
from crawler.listings.feedhealth import FeedState
from spiders.extraction import Extractor
from spiders.feeds import FeedsSpider
from tests.components.conftest import drain

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>نبض المدينة</title>
<item><title>خبر أول</title><link>/news/1?utm_source=rss</link><category>محليات</category></item>
<item><title>خبر ثان</title><link>https://nabd.example/news/2#comments</link></item>
<item><title>مكرر</title><link>https://nabd.example/news/1</link></item>
<item><title>بلا رابط</title></item>
</channel></rss>""".encode()

PAGE = """<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>نبض المدينة | افتتاح مكتبة</title>
<meta property="og:type" content="article"></head><body>
<nav><a href="/">الرئيسية</a></nav>
<h1>افتتاح مكتبة عامة جديدة في وسط المدينة</h1>
<p class="lead">افتتحت البلدية مكتبة عامة تضم عشرين ألف كتاب وقاعات للمطالعة.</p>
<div class="article-body">
<p>افتتح رئيس البلدية صباح اليوم المكتبة العامة الجديدة في وسط المدينة بحضور عدد من الكتاب والطلاب.</p>
<p>وتضم المكتبة قاعات مطالعة مجهزة وركناً للأطفال ومختبراً رقمياً مفتوحاً للجميع طوال أيام الأسبوع.</p>
<p>وقالت مديرة المكتبة إن الاشتراك سيكون مجانياً خلال الأشهر الستة الأولى لتشجيع القراءة.</p>
</div></body></html>""".encode()


def _state(url: str, source_id: str = "nabd") -> FeedState:
    return FeedState(url=url, source_id=source_id)


def _spider(crawler: Crawler) -> FeedsSpider:
    spider = crawler.spider
    assert isinstance(spider, FeedsSpider)
    return spider


def test_feed_yields_one_request_per_article_with_canonical_links(crawler: Crawler) -> None:
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    response = TextResponse("https://nabd.example/rss.xml", body=FEED, headers={"Content-Type": "application/rss+xml"})
    requests = drain(spider.parse_listing(response, source=source, feed_url=response.url, state=_state(response.url)))
    assert [r.url for r in requests] == ["https://nabd.example/news/1", "https://nabd.example/news/2"]
    assert requests[0].cb_kwargs["entry"].tags == ("محليات",)
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("akhbar/source/nabd/feeds_ok") == 1
    assert stats.get_value("akhbar/source/nabd/entries_skipped") == 1
    # The same links from another feed of the run are not requested again.
    assert drain(spider.parse_listing(response, source=source, feed_url=response.url, state=_state(response.url))) == []


def test_html_at_a_feed_url_is_a_counted_feed_failure(crawler: Crawler) -> None:
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    response = HtmlResponse("https://nabd.example/rss.xml", body=PAGE)
    assert drain(spider.parse_listing(response, source=source, feed_url=response.url, state=_state(response.url))) == []
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/source/nabd/feeds_failed") == 1
    assert "HTML page" in crawler.stats.get_value("akhbar/source/nabd/last_error")


def test_article_page_becomes_an_article_with_feed_context(crawler: Crawler) -> None:
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    entry = FeedEntry(
        url="https://nabd.example/news/1",
        title="x",
        published_raw="Tue, 17 Nov 2026 08:00:00 GMT",
        tags=("ثقافة",),
    )
    response = HtmlResponse("https://nabd.example/news/1", body=PAGE, headers={"Content-Type": "text/html"})
    (article,) = drain(
        spider.parse_article(response, source=source, feed_url="https://nabd.example/rss.xml", entry=entry)
    )
    assert isinstance(article, Article)
    assert article.headline == "افتتاح مكتبة عامة جديدة في وسط المدينة"
    assert article.summary == "افتتحت البلدية مكتبة عامة تضم عشرين ألف كتاب وقاعات للمطالعة."
    assert article.body.count("\n\n") == 2
    assert article.published_at == "2026-11-17T08:00:00+00:00"  # the feed's date fills the gap
    assert article.tags == ["ثقافة"]
    assert (article.source_id, article.feed_url) == ("nabd", "https://nabd.example/rss.xml")
    assert article.raw is not None and article.raw.body == PAGE


LISTING = (
    b"<html><body><h1>\xd8\xa3\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1</h1><ul><li><a href='/1'>1</a></li></ul></body></html>"
)


def test_non_article_page_is_counted_and_yielded_as_a_refused_page(crawler: Crawler) -> None:
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    response = HtmlResponse("https://nabd.example/section/local", body=LISTING, headers={"X-Cache": "HIT"})
    entry = FeedEntry(url=response.url, title="أخبار محلية")
    (page,) = drain(spider.parse_article(response, source=source, feed_url="https://nabd.example/rss.xml", entry=entry))
    assert isinstance(page, RefusedPage)
    assert (page.url, page.verdict, page.reason) == (response.url, "not_article", "no_article_text")
    assert page.detail and not page.detail.startswith("no_article_text")
    assert (page.source_id, page.feed_url, page.entry) == ("nabd", "https://nabd.example/rss.xml", entry)
    assert page.raw.body == LISTING and page.raw.status == 200 and page.raw.headers["X-Cache"] == "HIT"
    assert page.fetched_at and page.fetched_at.endswith("+00:00")
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/source/nabd/not_article") == 1
    assert crawler.stats.get_value("akhbar/not_article/no_article_text") == 1


def test_non_article_page_is_only_counted_when_raw_pages_are_not_kept(crawler: Crawler) -> None:
    crawler.settings.frozen = False
    crawler.settings.set("AKHBAR_KEEP_RAW", False)
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    response = HtmlResponse("https://nabd.example/section/local", body=LISTING)
    assert drain(spider.parse_article(response, source=source, feed_url="f", entry=FeedEntry(url=response.url))) == []
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/source/nabd/not_article") == 1


def test_failures_are_counted_per_source_with_a_plain_reason(crawler: Crawler) -> None:
    spider = _spider(crawler)
    source = spider.source_by_id("wadi")
    request = Request(
        "https://wadi.example/atom.xml",
        cb_kwargs={"source": source, "feed_url": "x", "state": _state("https://wadi.example/atom.xml"), "kind": "feed"},
    )
    failure = Failure(DNSLookupError("wadi.example"))
    failure.request = request  # type: ignore[attr-defined]
    spider.feed_failed(failure)
    response = HtmlResponse("https://wadi.example/news/3", status=404, request=request)
    http_failure = Failure(HttpError(response))
    http_failure.request = Request(response.url, cb_kwargs={"source": source, "feed_url": "x"})  # type: ignore[attr-defined]
    spider.page_failed(http_failure)
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("akhbar/source/wadi/feeds_failed") == 1
    assert stats.get_value("akhbar/feeds_failed/dns") == 1
    assert stats.get_value("akhbar/pages_failed/http_404") == 1
    assert "HTTP 404" in stats.get_value("akhbar/source/wadi/last_error")


def _slow_extraction(*task: object) -> Article:
    time.sleep(5)
    raise AssertionError("the time cap should have stopped this")


def test_page_over_the_extraction_time_cap_is_a_counted_failure(crawler: Crawler) -> None:
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    spider._extractor = Extractor(0, timeout=0.2)
    spider._extractor.pool = ExtractionPool(0, 0.2, func=_slow_extraction)
    response = HtmlResponse("https://nabd.example/news/slow", body=PAGE)
    started = time.monotonic()
    (kept,) = drain(spider.parse_article(response, source=source, feed_url="f", entry=FeedEntry(url=response.url)))
    assert time.monotonic() - started < 3
    # Kept with its response, so that akhbar reextract tries it again.
    assert isinstance(kept, RefusedPage) and (kept.verdict, kept.reason) == ("failed", "extraction_timeout")
    assert kept.raw.body == PAGE and kept.feed_url == "f"
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/source/nabd/pages_failed") == 1
    assert crawler.stats.get_value("akhbar/pages_failed/extraction_timeout") == 1
    assert "extraction took more than 0.2 s" in crawler.stats.get_value("akhbar/source/nabd/last_error")


def test_body_from_the_trafilatura_fallback_is_counted_by_reason(crawler: Crawler) -> None:
    # The story's container carries a boilerplate class and readers' comments outweigh it, so
    # Akhbar's cleaning keeps nothing and plain trafilatura's body is taken.
    story = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    comments = "".join(f'<div class="comment"><p>{p} {p}</p></div>' for p in PARAGRAPHS)
    page = (
        '<html lang="ar"><head><meta charset="utf-8"><meta property="og:type" content="article"></head><body>'
        f'<h1>افتتاح مكتبة عامة جديدة في وسط المدينة</h1><div class="print">{story}</div>'
        f'<section class="comments">{comments}</section></body></html>'
    ).encode()
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    response = HtmlResponse("https://nabd.example/news/7", body=page)
    [article] = drain(spider.parse_article(response, source=source, feed_url="f", entry=FeedEntry(url=response.url)))
    assert isinstance(article, Article) and PARAGRAPHS[0] in article.body
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/source/nabd/extraction_fallback") == 1
    assert crawler.stats.get_value("akhbar/extraction_fallback/short_body") == 1


PARAGRAPHS = [
    "افتتح رئيس البلدية صباح اليوم المكتبة العامة الجديدة في وسط المدينة بحضور عدد من الكتاب والطلاب والأهالي.",
    "وتضم المكتبة قاعات مطالعة مجهزة وركناً للأطفال ومختبراً رقمياً مفتوحاً للجميع طوال أيام الأسبوع دون استثناء.",
    "وقالت مديرة المكتبة إن الاشتراك سيكون مجانياً خلال الأشهر الستة الأولى لتشجيع القراءة بين الشباب في الأحياء.",
]


def test_entries_beyond_the_cap_stay_pending_and_an_unchanged_feed_hands_them_out(crawler: Crawler) -> None:
    spider = _spider(crawler)
    source = spider.source_by_id("nabd")
    assert source is not None
    items = "".join(
        f"<item><title>خبر رقم {n}</title><link>https://nabd.example/news/{n}</link></item>" for n in range(102)
    )
    url = "https://nabd.example/rss.xml"
    feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    response = TextResponse(url, body=feed, headers={"Content-Type": "application/rss+xml"})
    requests = drain(spider.parse_listing(response, source=source, feed_url=url, state=_state(url)))
    # The cap (100 in these tests): undated entries in the feed's order; all 102 pending until handled.
    assert [r.url for r in requests] == [f"https://nabd.example/news/{n}" for n in range(100)]
    assert len(spider.book.store.pending_entries("nabd")) == 102
    first = requests[0]
    drain(spider.parse_article(HtmlResponse(first.url, body=PAGE, request=first), **first.cb_kwargs))
    spider.book.flush()
    assert len(spider.book.store.pending_entries("nabd")) == 101
    # The feed answers 304: the entries left over by the cap are handed out, with what the feed said.
    not_modified = TextResponse(url, status=304, body=b"", request=Request(url))
    more = drain(spider.parse_listing(not_modified, source=source, feed_url=url, state=_state(url)))
    assert [r.url for r in more] == ["https://nabd.example/news/100", "https://nabd.example/news/101"]
    assert more[0].cb_kwargs["entry"].title == "خبر رقم 100" and more[0].cb_kwargs["feed_url"] == url


def _page_failure(spider: FeedsSpider, url: str, failure: Failure) -> None:
    source = spider.source_by_id("nabd")
    failure.request = Request(  # type: ignore[attr-defined]
        url, cb_kwargs={"source": source, "feed_url": "f", "entry": FeedEntry(url=url)}
    )
    spider.page_failed(failure)


def test_a_page_that_fails_for_good_leaves_pending_a_transient_failure_keeps_it(crawler: Crawler) -> None:
    spider = _spider(crawler)
    gone, busy, slow = (f"https://nabd.example/news/{n}" for n in (7, 8, 9))
    spider.book.remember([PendingEntry(FeedEntry(url=u), "nabd", "f") for u in (gone, busy, slow)])
    _page_failure(spider, gone, Failure(HttpError(HtmlResponse(gone, status=410))))
    _page_failure(spider, busy, Failure(HttpError(HtmlResponse(busy, status=503))))
    _page_failure(spider, slow, Failure(DownloadTimeoutError("took too long")))
    spider.save_feed_states()
    assert [e.url for e in spider.book.store.pending_entries("nabd")] == [busy, slow]
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("akhbar/source/nabd/pending") == 2
