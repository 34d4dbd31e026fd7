"""Feed documents of the demo outlets: RSS 2.0, Atom 1.0 and JSON Feed 1.1."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from crawler.demo.model import DemoArticle, DemoOutlet

# Entries that point at pages which are not articles (counted as not_article by the crawl).
FeedLink = tuple[str, str, str, str]  # title, path (or full URL suffix), RFC-3339 date, summary


def rss(
    outlet: DemoOutlet, base: str, articles: Sequence[DemoArticle], *, tracking: bool, extra: Sequence[FeedLink] = ()
) -> str:
    """RSS 2.0; with ``tracking``, links carry utm parameters and a fragment as many CMSes add them."""
    items = []
    for i, a in enumerate(articles):
        link = f"{base}{a.path}"
        if tracking and i % 2 == 0:
            link += "?utm_source=rss&amp;utm_medium=feed"
        if tracking and i % 3 == 0:
            link += "#comments"
        author = f"<author>desk@{outlet.id}.example ({escape(a.authors[0])})</author>" if a.authors else ""
        categories = "".join(f"<category>{escape(t)}</category>" for t in a.tags)
        items.append(
            f"<item><title>{escape(a.headline)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{outlet.id}-{a.slug}</guid>'
            f"<pubDate>{_rfc822(a.published_at)}</pubDate>{author}{categories}"
            f"<description>{escape('<p>' + a.summary + '</p>')}</description></item>"
        )
    for title, path, date, summary in extra:
        items.append(
            f"<item><title>{escape(title)}</title><link>{base}{path}</link><pubDate>{_rfc822(date)}</pubDate>"
            f"<description>{escape(summary)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="{outlet.encoding if outlet.encoding != "cp1256" else "windows-1256"}"?>\n'
        '<rss version="2.0"><channel>'
        f"<title>{escape(outlet.name_ar)}</title><link>{base}/{outlet.id}/</link>"
        f"<description>{escape(outlet.name)}</description><language>ar</language>" + "".join(items) + "</channel></rss>"
    )


def atom(outlet: DemoOutlet, base: str, articles: Sequence[DemoArticle], extra: Sequence[FeedLink] = ()) -> str:
    """Atom 1.0 with links relative to the feed (resolved by the reader)."""
    entries = []
    for a in articles:
        author = f"<author><name>{escape(a.authors[0])}</name></author>" if a.authors else ""
        categories = "".join(f'<category term="{escape(t, {chr(34): "&quot;"})}"/>' for t in a.tags)
        entries.append(
            f"<entry><title>{escape(a.headline)}</title>"
            f'<link rel="alternate" type="text/html" href="{a.path}"/><id>tag:{outlet.id}.example,2026:{a.slug}</id>'
            f"<published>{a.published_at}</published><updated>{a.modified_at or a.published_at}</updated>"
            f"{author}{categories}<summary>{escape(a.summary)}</summary></entry>"
        )
    for title, path, date, summary in extra:
        entries.append(
            f'<entry><title>{escape(title)}</title><link rel="alternate" href="{path}"/>'
            f"<id>tag:{outlet.id}.example,2026:{path}</id><updated>{date}</updated>"
            f"<summary>{escape(summary)}</summary></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(outlet.name_ar)}</title><id>tag:{outlet.id}.example,2026:feed</id>"
        f'<link rel="self" href="{base}/{outlet.id}/atom.xml"/><updated>2026-11-28T08:00:00+02:00</updated>'
        + "".join(entries)
        + "</feed>"
    )


def json_feed(outlet: DemoOutlet, base: str, articles: Sequence[DemoArticle]) -> str:
    """JSON Feed 1.1."""
    items = [
        {
            "id": f"{outlet.id}-{a.slug}",
            "url": f"{base}{a.path}",
            "title": a.headline,
            "summary": a.summary,
            "date_published": a.published_at,
            **({"date_modified": a.modified_at} if a.modified_at else {}),
            **({"authors": [{"name": n} for n in a.authors]} if a.authors else {}),
            "tags": list(a.tags),
        }
        for a in articles
    ]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet.name_ar,
        "home_page_url": f"{base}/{outlet.id}/",
        "feed_url": f"{base}/{outlet.id}/feed.json",
        "language": "ar",
        "items": items,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))
