"""Each pipeline's one job, checked on Article items and the crawler's stats."""

from __future__ import annotations

import dataclasses

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import Article, FeedEntry, Item, RawCapture, RefusedPage
from pipelines.attribute import AttributePipeline
from pipelines.clean import CleanPipeline
from pipelines.dedupe import DedupePipeline
from pipelines.drops import BodyTooShort, DuplicateContent, DuplicateUrl, NoHeadline, NotArabic
from pipelines.store import StorePipeline
from pipelines.storehandle import store_for
from pipelines.validate import ValidatePipeline
from settings import base
from tests.components.conftest import complete

BODY = (
    "أعلنت بلدية المدينة اليوم عن خطة لتوسيع شبكة المياه في الأحياء الشرقية خلال العام المقبل.\n\n"
    "وقال رئيس البلدية إن المشروع سيخدم نحو أربعين ألف نسمة ويقلل الانقطاعات المتكررة في الصيف."
)


def _article(**changes: object) -> Article:
    base = Article(
        url="https://nabd.example/news/1",
        headline="البلدية توسع شبكة المياه",
        body=BODY,
        language="ar",
        source_id="nabd",
        feed_url="https://nabd.example/rss.xml",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_clean_strips_site_name_and_invisible_characters(crawler: Crawler) -> None:
    item = _article(
        headline="نبض المدينة - البلديـــة توسع\u200f شبكة\u00a0المياه",
        summary="  خطة   جديدة\u200b للمياه ",
        authors=["سامر الحلبي", "سامر الحلبي"],
    )
    cleaned = CleanPipeline.from_crawler(crawler).process_item(item)
    assert cleaned.headline == "البلدية توسع شبكة المياه"
    assert cleaned.summary == "خطة جديدة للمياه"
    assert cleaned.authors == ["سامر الحلبي"]


@pytest.mark.parametrize(
    ("changes", "exc", "reason"),
    [
        ({"headline": ""}, NoHeadline, "no_headline"),
        ({"body": "نص قصير جداً."}, BodyTooShort, "body_too_short"),
        ({"language": "fa"}, NotArabic, "not_arabic"),
    ],
)
def test_validate_drops_with_named_reason(crawler: Crawler, changes: dict[str, object], exc: type, reason: str) -> None:
    with pytest.raises(exc):
        ValidatePipeline.from_crawler(crawler).process_item(_article(**changes))
    assert crawler.stats is not None
    assert crawler.stats.get_value(f"akhbar/dropped/{reason}") == 1
    assert crawler.stats.get_value("akhbar/source/nabd/dropped") == 1


def test_validate_turns_a_dropped_article_with_its_raw_response_into_a_kept_refused_page(crawler: Crawler) -> None:
    raw = RawCapture("https://nabd.example/news/1", 200, {"Content-Type": "text/html"}, "<p>نص قصير جداً.</p>".encode())
    item = _article(body="نص قصير جداً.", raw=raw, fetched_at="2026-11-29T08:00:00+00:00")
    page = ValidatePipeline.from_crawler(crawler).process_item(item)
    assert isinstance(page, RefusedPage)
    assert (page.url, page.verdict, page.reason) == (item.url, "dropped", "body_too_short")
    assert page.detail == "13 < 80 characters"
    assert (page.raw, page.source_id, page.feed_url, page.fetched_at) == (raw, "nabd", item.feed_url, item.fetched_at)
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/dropped/body_too_short") == 1
    assert crawler.stats.get_value("akhbar/source/nabd/dropped") == 1
    complete(StorePipeline.from_crawler(crawler).process_item(page))
    assert store_for(crawler).get_refused(item.url) == page


def test_validate_keeps_a_good_article(crawler: Crawler) -> None:
    item = _article()
    assert ValidatePipeline.from_crawler(crawler).process_item(item) is item


def test_attribute_sets_outlet_names_and_credits(crawler: Crawler) -> None:
    item = _article(body=BODY + "\n\nالمصدر: وكالات")
    out = AttributePipeline.from_crawler(crawler).process_item(item)
    assert (out.source_name, out.source_name_ar) == ("Nabd", "نبض المدينة")
    assert out.credits == ["وكالات"]
    assert out.body == BODY
    assert out.fetched_at and out.fetched_at.endswith("+00:00")
    assert out.crawler_version


def _store(crawler: Crawler, item: Article) -> Article:
    return complete(
        StorePipeline.from_crawler(crawler).process_item(DedupePipeline.from_crawler(crawler).process_item(item))
    )


def test_dedupe_drops_a_second_page_with_the_same_canonical_url(crawler: Crawler) -> None:
    dedupe = DedupePipeline.from_crawler(crawler)
    dedupe.process_item(_article(canonical_url="https://nabd.example/news/1"))
    with pytest.raises(DuplicateUrl):
        dedupe.process_item(_article(url="https://nabd.example/news/1?utm_source=x#top"))


def test_syndicated_copy_at_another_outlet_is_kept_and_linked(crawler: Crawler) -> None:
    first = _store(crawler, _article())
    copy = _store(crawler, _article(url="https://wadi.example/story/9", source_id="wadi"))
    assert first.id is not None and copy.id is not None and copy.id != first.id
    assert copy.duplicate_of == first.id
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/source/wadi/syndicated") == 1


def test_same_text_at_the_same_outlet_under_another_url_is_dropped(crawler: Crawler) -> None:
    _store(crawler, _article())
    with pytest.raises(DuplicateContent):
        _store(crawler, _article(url="https://nabd.example/amp/1"))
    assert store_for(crawler).count() == 1


def test_store_upserts_and_counts(crawler: Crawler) -> None:
    _store(crawler, _article())
    # Next run: a fresh dedupe pipeline sees the same article again; unchanged content is not new.
    stored_again = _store(crawler, _article())
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/source/nabd/stored") == 1
    assert crawler.stats.get_value("akhbar/source/nabd/unchanged") == 1
    assert store_for(crawler).count() == 1
    assert stored_again.id is not None


def test_drop_exceptions_are_dropitem_subclasses() -> None:
    for exc in (NoHeadline, BodyTooShort, NotArabic, DuplicateUrl, DuplicateContent):
        assert issubclass(exc, DropItem)


def test_a_refused_page_passes_every_pipeline_untouched_and_is_kept_by_the_store(crawler: Crawler) -> None:
    # Bytes the cleaning would change if it touched them: a site name, invisible marks, a short body.
    body = "<html><body><h1>نبض المدينة - أخبـــار\u200f</h1><a href='/1'>١</a></body></html>".encode()
    page = RefusedPage(
        url="https://nabd.example/section/local",
        raw=RawCapture("https://nabd.example/section/local", 200, {"Content-Type": "text/html"}, body),
        verdict="not_article",
        reason="listing_page",
        detail="the text is mostly links to other pages",
        source_id="nabd",
        feed_url="https://nabd.example/rss.xml",
        entry=FeedEntry(url="https://nabd.example/section/local", title="أخبار"),
        fetched_at="2026-11-29T08:00:00+00:00",
    )
    expected = dataclasses.replace(page)
    item: Item = page
    for pipeline in (CleanPipeline, ValidatePipeline, AttributePipeline, DedupePipeline):
        item = pipeline.from_crawler(crawler).process_item(item)
    item = complete(StorePipeline.from_crawler(crawler).process_item(item))
    assert item == expected and item.raw == expected.raw
    assert crawler.stats is not None
    assert crawler.stats.get_value("akhbar/refused_kept") == 1
    assert crawler.stats.get_value("akhbar/source/nabd/refused_kept") == 1
    assert crawler.stats.get_value("akhbar/dropped") is None
    assert store_for(crawler).get_refused(page.url) == expected
    assert store_for(crawler).count() == 0


def test_pipeline_order_in_settings_is_the_one_tested() -> None:
    # The test above runs the pipelines in this order: it must be the crawl's.
    assert sorted(base.ITEM_PIPELINES, key=base.ITEM_PIPELINES.__getitem__) == [
        "pipelines.clean.CleanPipeline",
        "pipelines.validate.ValidatePipeline",
        "pipelines.attribute.AttributePipeline",
        "pipelines.dedupe.DedupePipeline",
        "pipelines.store.StorePipeline",
    ]
