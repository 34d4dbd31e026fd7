"""Feeds: RSS 0.91/1.0/2.0, Atom and JSON Feed parsed into absolute, canonical, de-duplicated entries."""

from __future__ import annotations

import json

import pytest

from crawler.items import FeedEntry
from crawler.listings.feeds import FeedError, ParsedFeed, parse_feed

FEED_URL = "https://alhadath-alyawm.example/rss/latest.xml"
SITE = "https://alhadath-alyawm.example"


def rss(items: str, *, title: str = "الحدث اليوم - آخر الأخبار", prolog: str = "utf-8") -> bytes:
    return f"""<?xml version="1.0" encoding="{prolog}"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{title}</title>
<link>{SITE}/</link>
<description>آخر الأخبار المحلية والدولية</description>
{items}
</channel>
</rss>""".encode(prolog)


def item(link: str, title: str = "خبر", extra: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link>{extra}</item>"


def urls(feed: ParsedFeed) -> list[str]:
    return [e.url for e in feed.entries]


# ---------------------------------------------------------------------------------------------
# Formats


def test_rss20_entry_fields() -> None:
    body = rss(
        item(
            f"{SITE}/news/2026/11/17/budget",
            "البرلمان يقر موازنة العام المقبل",
            "<description>صوّت المجلس على مشروع الموازنة بعد نقاش استمر ثلاثة أيام.</description>"
            "<pubDate>Tue, 17 Nov 2026 18:45:00 GMT</pubDate>"
            "<dc:creator>سامر الحلبي</dc:creator>"
            "<category>اقتصاد</category><category>البرلمان</category><category>اقتصاد</category>"
            '<guid isPermaLink="false">budget-2026</guid>',
        )
    )
    feed = parse_feed(body, FEED_URL)
    assert feed.format == "rss20"
    assert feed.title == "الحدث اليوم - آخر الأخبار"
    assert not feed.malformed and feed.malformed_reason is None
    assert feed.skipped == 0
    assert feed.entries == (
        FeedEntry(
            url=f"{SITE}/news/2026/11/17/budget",
            title="البرلمان يقر موازنة العام المقبل",
            summary="صوّت المجلس على مشروع الموازنة بعد نقاش استمر ثلاثة أيام.",
            published_raw="Tue, 17 Nov 2026 18:45:00 GMT",
            authors=("سامر الحلبي",),
            tags=("اقتصاد", "البرلمان"),
        ),
    )


def test_rss20_author_element_and_relative_link() -> None:
    body = rss(item("/news/2026/11/17/rain", "أمطار غزيرة", "<author>desk@example.com (ليلى منصور)</author>"))
    (entry,) = parse_feed(body, FEED_URL).entries
    assert entry.url == f"{SITE}/news/2026/11/17/rain"
    assert entry.authors == ("ليلى منصور",)


def test_rss20_guid_permalink_is_the_link() -> None:
    body = rss("<item><title>خبر</title><guid>https://alhadath-alyawm.example/news/55</guid></item>")
    assert urls(parse_feed(body, FEED_URL)) == [f"{SITE}/news/55"]


def test_rss091() -> None:
    body = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
<title>أخبار الوطن</title><link>https://akhbar-alwatan.example/</link><description>آخر الأخبار</description>
<language>ar</language>
<item><title>افتتاح معرض الكتاب</title><link>https://akhbar-alwatan.example/culture/88</link>
<description>يفتتح معرض الكتاب أبوابه للزوار صباح الغد.</description></item>
</channel></rss>""".encode()
    feed = parse_feed(body, "https://akhbar-alwatan.example/rss.xml")
    assert feed.format.startswith("rss091")
    assert feed.title == "أخبار الوطن"
    assert [(e.url, e.title, e.summary) for e in feed.entries] == [
        (
            "https://akhbar-alwatan.example/culture/88",
            "افتتاح معرض الكتاب",
            "يفتتح معرض الكتاب أبوابه للزوار صباح الغد.",
        )
    ]


def test_rss10_rdf() -> None:
    body = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://akhbar-alwatan.example/">
  <title>أخبار الوطن - رياضة</title><link>https://akhbar-alwatan.example/</link><description>رياضة</description>
  <items><rdf:Seq><rdf:li rdf:resource="https://akhbar-alwatan.example/sport/12"/></rdf:Seq></items>
</channel>
<item rdf:about="https://akhbar-alwatan.example/sport/12">
  <title>المنتخب يتأهل إلى النهائي</title>
  <link>https://akhbar-alwatan.example/sport/12</link>
  <dc:date>2026-11-17T20:45:00+02:00</dc:date>
  <dc:creator>طارق الزين</dc:creator>
  <dc:subject>كرة القدم</dc:subject>
</item>
</rdf:RDF>""".encode()
    feed = parse_feed(body, "https://akhbar-alwatan.example/rdf")
    assert feed.format == "rss10"
    assert feed.title == "أخبار الوطن - رياضة"
    assert feed.entries == (
        FeedEntry(
            url="https://akhbar-alwatan.example/sport/12",
            title="المنتخب يتأهل إلى النهائي",
            published_raw="2026-11-17T20:45:00+02:00",
            authors=("طارق الزين",),
            tags=("كرة القدم",),
        ),
    )


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://alhadath-alyawm.example/ar/">
<title>الحدث اليوم</title><id>urn:alhadath:feed</id><updated>2026-11-17T20:45:00Z</updated>
<entry>
  <title>انطلاق القمة الاقتصادية</title>
  <link rel="alternate" type="text/html" href="economy/2026/summit"/>
  <link rel="enclosure" href="https://cdn.alhadath-alyawm.example/summit.jpg"/>
  <id>urn:alhadath:1</id>
  <published>2026-11-17T08:00:00+03:00</published><updated>2026-11-17T09:30:00+03:00</updated>
  <author><name>ليلى منصور</name></author><author><name>سامر الحلبي</name></author>
  <category term="اقتصاد"/>
  <summary type="html">&lt;p&gt;تنطلق &lt;b&gt;القمة&lt;/b&gt; اليوم بمشاركة عشرين دولة.&lt;/p&gt;</summary>
</entry>
<entry xml:base="https://sport.alhadath-alyawm.example/ar/">
  <title>نتائج الجولة الأخيرة</title>
  <link href="../results/9"/>
  <id>urn:alhadath:2</id><updated>2026-11-17T10:00:00+03:00</updated>
</entry>
<entry>
  <title>رابط من جذر الموقع</title>
  <link href="/news/3"/>
  <id>urn:alhadath:3</id><updated>2026-11-17T11:00:00+03:00</updated>
</entry>
</feed>"""


def test_atom_with_relative_links_and_xml_base() -> None:
    # Fetched from a CDN: xml:base, not the fetch URL, is the base of relative links.
    feed = parse_feed(ATOM.encode(), "https://feeds-cdn.example/alhadath/atom.xml")
    assert feed.format == "atom10"
    assert feed.title == "الحدث اليوم"
    assert urls(feed) == [
        "https://alhadath-alyawm.example/ar/economy/2026/summit",
        "https://sport.alhadath-alyawm.example/results/9",
        "https://alhadath-alyawm.example/news/3",
    ]
    first = feed.entries[0]
    assert first.title == "انطلاق القمة الاقتصادية"
    assert first.summary == "تنطلق القمة اليوم بمشاركة عشرين دولة."
    assert first.published_raw == "2026-11-17T08:00:00+03:00"
    assert first.authors == ("ليلى منصور", "سامر الحلبي")
    assert first.tags == ("اقتصاد",)
    assert feed.entries[1].published_raw == "2026-11-17T10:00:00+03:00"  # updated when not published


def test_atom_relative_links_without_xml_base_use_the_feed_url() -> None:
    body = ATOM.replace(' xml:base="https://alhadath-alyawm.example/ar/"', "").encode()
    feed = parse_feed(body, "https://alhadath-alyawm.example/feeds/atom.xml")
    assert urls(feed)[0] == "https://alhadath-alyawm.example/feeds/economy/2026/summit"
    assert urls(feed)[2] == "https://alhadath-alyawm.example/news/3"


def json_feed(items: list[dict[str, object]], **top: object) -> bytes:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "أخبار الوطن",
        "home_page_url": "https://akhbar-alwatan.example/",
        "feed_url": "https://akhbar-alwatan.example/feed.json",
        "items": items,
        **top,
    }
    return json.dumps(doc, ensure_ascii=False).encode()


def test_json_feed_11() -> None:
    body = json_feed(
        [
            {
                "id": "1",
                "url": "https://akhbar-alwatan.example/news/1?utm_source=json",
                "title": "ارتفاع أسعار الذهب",
                "content_html": "<p>ارتفعت أسعار الذهب في الأسواق المحلية.</p>",
                "date_published": "2026-11-17T10:00:00+03:00",
                "authors": [{"name": "منى الشريف"}],
                "tags": ["اقتصاد", "ذهب"],
            },
            {
                "id": "2",
                "url": "/news/2",
                "title": "خبر ثان",
                "summary": "ملخص قصير",
                "date_modified": "2026-11-17T11:00:00+03:00",
            },
            {"id": "3", "title": "بلا رابط", "content_text": "نص"},
        ],
        authors=[{"name": "فريق أخبار الوطن"}],
    )
    feed = parse_feed(body, "https://akhbar-alwatan.example/feed.json", content_type="application/feed+json")
    assert feed.format == "json1.1"
    assert feed.title == "أخبار الوطن"
    assert not feed.malformed
    assert feed.skipped == 1
    assert feed.entries == (
        FeedEntry(
            url="https://akhbar-alwatan.example/news/1",
            title="ارتفاع أسعار الذهب",
            summary="ارتفعت أسعار الذهب في الأسواق المحلية.",
            published_raw="2026-11-17T10:00:00+03:00",
            authors=("منى الشريف",),
            tags=("اقتصاد", "ذهب"),
        ),
        FeedEntry(
            url="https://akhbar-alwatan.example/news/2",
            title="خبر ثان",
            summary="ملخص قصير",
            published_raw="2026-11-17T11:00:00+03:00",
            authors=("فريق أخبار الوطن",),  # the feed's authors when the item names none
        ),
    )


def test_json_feed_10_author_object_and_plain_json_content_type() -> None:
    body = json_feed(
        [{"id": "1", "url": "https://akhbar-alwatan.example/news/7", "author": {"name": "طارق الزين"}}],
        version="https://jsonfeed.org/version/1",
    )
    feed = parse_feed(
        b"\n  " + body, "https://akhbar-alwatan.example/feed.json", content_type="application/json; charset=utf-8"
    )
    assert feed.format == "json1"
    assert feed.entries[0].authors == ("طارق الزين",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"title": "x", "items": []}', "jsonfeed.org"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "items"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "invalid JSON"),
        (b"[1, 2, 3]", "invalid JSON|jsonfeed.org"),
    ],
)
def test_json_that_is_not_a_feed(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(body, "https://akhbar-alwatan.example/feed.json", content_type="application/json")


# ---------------------------------------------------------------------------------------------
# Broken and wrong documents


@pytest.mark.parametrize(
    "body",
    [
        # Unescaped ampersand.
        rss(item(f"{SITE}/news/1", "الذهب & الفضة") + item(f"{SITE}/news/2")),
        # Missing closing tags.
        rss(item(f"{SITE}/news/1", "الذهب") + item(f"{SITE}/news/2")).replace(b"</channel>\n</rss>", b""),
    ],
    ids=["unescaped-ampersand", "missing-close-tag"],
)
def test_malformed_but_readable_rss_is_flagged(body: bytes) -> None:
    feed = parse_feed(body, FEED_URL)
    assert feed.malformed
    assert feed.malformed_reason
    assert urls(feed) == [f"{SITE}/news/1", f"{SITE}/news/2"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            b'<!DOCTYPE html>\n<html lang="ar"><head><title>\xd8\xa7\xd9\x84\xd8\xad\xd8\xaf\xd8\xab</title></head><body><a href="/news/1">x</a></body></html>',
            None,
        ),
        (b'<html dir="rtl"><body><h1>404</h1></body></html>', "text/html; charset=utf-8"),
        (b'<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>', "application/rss+xml"),
    ],
)
def test_html_served_as_a_feed(body: bytes, content_type: str | None) -> None:
    with pytest.raises(FeedError, match="HTML"):
        parse_feed(body, FEED_URL, content_type=content_type)


@pytest.mark.parametrize("body", [b"", b"   \r\n\t", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_empty_body(body: bytes) -> None:
    with pytest.raises(FeedError, match="empty"):
        parse_feed(body, FEED_URL)


@pytest.mark.parametrize("body", [b"not a feed at all", b"<?xml version='1.0'?><config><a>1</a></config>"])
def test_other_documents_are_not_feeds(body: bytes) -> None:
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(body, FEED_URL)


# ---------------------------------------------------------------------------------------------
# Links


def test_entries_without_a_usable_link_are_skipped_and_counted() -> None:
    body = rss(
        item(f"{SITE}/news/1")
        + item("javascript:void(0)")
        + item("data:text/html;base64,PGgxPmhpPC9oMT4=")
        + item("mailto:desk@alhadath-alyawm.example")
        + "<item><title>بلا رابط</title><description>نص</description></item>"
        + '<item><title>معرّف فقط</title><guid isPermaLink="false">tag:alhadath,2026:5</guid></item>'
        + item("   ")
        + item(f"{SITE}/news/2")
    )
    feed = parse_feed(body, FEED_URL)
    assert urls(feed) == [f"{SITE}/news/1", f"{SITE}/news/2"]
    assert feed.skipped == 6


def test_entry_with_an_invalid_port_is_skipped() -> None:
    body = rss(item("http://alhadath-alyawm.example:8o8o/news/1") + item(f"{SITE}/news/2"))
    feed = parse_feed(body, FEED_URL)
    assert urls(feed) == [f"{SITE}/news/2"]
    assert feed.skipped == 1


def test_links_are_canonical_and_duplicates_collapse_first_wins() -> None:
    body = rss(
        item(f"{SITE}/news/1?utm_source=rss&amp;utm_medium=feed", "الأول")
        + item(f"{SITE}/news/2#comments", "الثاني")
        + item("HTTPS://ALHADATH-ALYAWM.EXAMPLE:443/news/1#top", "الأول مكرر")
        + item("/news/1?fbclid=IwAR0", "الأول مرة ثالثة")
        + item(f"{SITE}/news.php?id=42&amp;utm_campaign=x&amp;cat=3", "بمعرف")
        + item(f"{SITE}/news/2", "الثاني مكرر")
    )
    feed = parse_feed(body, FEED_URL)
    assert [(e.url, e.title) for e in feed.entries] == [
        (f"{SITE}/news/1", "الأول"),
        (f"{SITE}/news/2", "الثاني"),
        (f"{SITE}/news.php?id=42&cat=3", "بمعرف"),
    ]
    assert feed.skipped == 0  # duplicates are not "skipped": they had a usable link


# ---------------------------------------------------------------------------------------------
# Encodings and text


WINDOWS_1256_ITEMS = item(
    f"{SITE}/news/gold",
    "ارتفاع أسعار الذهب في السوق المحلية",
    "<description>سجل سعر الغرام ارتفاعاً طفيفاً.</description>",
)


@pytest.mark.parametrize("content_type", [None, "application/rss+xml", "application/xml", "text/xml"])
def test_windows_1256_declared_in_the_prolog(content_type: str | None) -> None:
    body = rss(WINDOWS_1256_ITEMS, title="الأخبار الاقتصادية", prolog="windows-1256")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # the bytes really are windows-1256
    feed = parse_feed(body, FEED_URL, content_type=content_type)
    assert feed.title == "الأخبار الاقتصادية"
    assert feed.entries[0].title == "ارتفاع أسعار الذهب في السوق المحلية"
    assert feed.entries[0].summary == "سجل سعر الغرام ارتفاعاً طفيفاً."


@pytest.mark.parametrize("content_type", [None, "application/rss+xml; charset=windows-1256"])
def test_utf8_bytes_under_a_windows_1256_declaration_are_read_as_utf8(content_type: str | None) -> None:
    # A CMS migrated to UTF-8 that kept its old prolog: the bytes are right, the label wrong.
    body = rss(WINDOWS_1256_ITEMS, title="الأخبار الاقتصادية").replace(b'encoding="utf-8"', b'encoding="windows-1256"')
    assert body.startswith(b'<?xml version="1.0" encoding="windows-1256"?>')
    feed = parse_feed(body, FEED_URL, content_type=content_type)
    assert feed.title == "الأخبار الاقتصادية"
    assert feed.entries[0].title == "ارتفاع أسعار الذهب في السوق المحلية"


def test_windows_1256_after_leading_blank_lines() -> None:
    # PHP feeds often print blank lines before the prolog; its encoding must still be honoured.
    body = b"\r\n\n" + rss(WINDOWS_1256_ITEMS, title="الأخبار الاقتصادية", prolog="windows-1256")
    feed = parse_feed(body, FEED_URL)
    assert feed.title == "الأخبار الاقتصادية"
    assert feed.entries[0].title == "ارتفاع أسعار الذهب في السوق المحلية"


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("&lt;p&gt;أعلنت &lt;a href='/x'&gt;الوزارة&lt;/a&gt; عن خطة جديدة.&lt;/p&gt;", "أعلنت الوزارة عن خطة جديدة."),
        ("<![CDATA[<img src='/a.jpg' alt='صورة'/><p>نص&nbsp;الملخص</p>]]>", "نص الملخص"),
        ("<![CDATA[<p>ملخص</p><script>alert('x')</script>]]>", "ملخص"),
        ("نص عادي &amp; بسيط", "نص عادي & بسيط"),
        ("<![CDATA[  ]]>", None),
        ("<![CDATA[<p> </p>]]>", None),
    ],
)
def test_html_summaries_become_text(description: str, expected: str | None) -> None:
    body = rss(item(f"{SITE}/news/1", extra=f"<description>{description}</description>"))
    assert parse_feed(body, FEED_URL).entries[0].summary == expected


@pytest.mark.parametrize(
    "description",
    [
        "<![CDATA[<p>أعلنت الوزارة عن خطة جديدة.</p><p>وتبدأ المرحلة الأولى الشهر المقبل.</p>]]>",
        "<![CDATA[أعلنت الوزارة عن خطة جديدة.<br>وتبدأ المرحلة الأولى الشهر المقبل.]]>",
        "<![CDATA[<div>أعلنت الوزارة عن خطة جديدة.</div><div>وتبدأ المرحلة الأولى الشهر المقبل.</div>]]>",
    ],
)
def test_html_summary_blocks_are_not_glued_together(description: str) -> None:
    body = rss(item(f"{SITE}/news/1", extra=f"<description>{description}</description>"))
    summary = parse_feed(body, FEED_URL).entries[0].summary
    assert summary is not None
    assert "جديدة.وتبدأ" not in summary
    assert summary.replace("\n\n", " ") == "أعلنت الوزارة عن خطة جديدة. وتبدأ المرحلة الأولى الشهر المقبل."


def test_titles_and_tags_are_cleaned() -> None:
    body = rss(
        item(
            f"{SITE}/news/1",
            "\u200fعاجـــل:  انقطاع\u00a0الكهرباء\u200f",
            "<category> اقتصاد </category><category>\u200fاقتصاد</category><category>  </category>",
        ),
        title="  الحدث\u00a0اليوم  ",
    )
    feed = parse_feed(body, FEED_URL)
    assert feed.title == "الحدث اليوم"
    assert feed.entries[0].title == "عاجل: انقطاع الكهرباء"
    assert feed.entries[0].tags == ("اقتصاد",)
