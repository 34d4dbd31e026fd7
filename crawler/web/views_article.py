"""One article (``/article/<id>``) in the seed's layout, right to left, and its archived capture
(``/article/<id>/capture``): from the WARC archive when it holds the response, else the raw response the
store kept, always as ``text/plain`` under a ``sandbox`` policy, so stored HTML is never run."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for

from crawler.store.render import ATTRIBUTION
from crawler.web.captures import read_warc_capture, stored_capture
from crawler.web.context import web_context
from crawler.web.dates import show_date

articles = Blueprint("articles", __name__)

# Headers of a capture: text only, nothing it holds may run or load anything, even opened on its own.
CAPTURE_HEADERS = {"Content-Security-Policy": "sandbox; default-src 'none'", "Content-Disposition": "inline"}


@articles.get("/article/<int:article_id>")
def article(article_id: int) -> str:
    context = web_context()
    store = context.store()
    found = store.get(article_id)
    if found is None:
        abort(404, f"no article {article_id} in this store")
    source = context.sources.get(found.source_id or "")
    timezone = source.timezone if source is not None else None
    paragraphs = [p for p in found.body.split("\n\n") if p.strip()]
    attribution = ATTRIBUTION + (found.source_name_ar or found.source_name or found.source_id or "")
    if paragraphs and paragraphs[-1].strip() == attribution.strip():
        paragraphs.pop()  # as render_text: the outlet is named once, at the end
    original = store.get(found.duplicate_of) if found.duplicate_of is not None else None
    raw = store.get_raw(article_id)
    warc = context.warc
    return render_template(
        "article.html",
        article=found,
        source=source,
        paragraphs=paragraphs,
        attribution=attribution,
        dates={
            "نُشر": show_date(found.published_at, timezone),
            "عُدّل": show_date(found.modified_at, timezone),
            "جُلب": show_date(found.fetched_at, timezone),
        },
        original=original,
        copies=store.copies_of(article_id),
        capture_url=url_for("articles.capture", article_id=article_id),
        archived=warc is not None and warc.find(raw.url if raw is not None else found.url) is not None,
        has_raw=raw is not None,
    )


@articles.get("/article/<int:article_id>/capture")
def capture(article_id: int) -> Response:
    context = web_context()
    store = context.store()
    raw = store.get_raw(article_id)
    found = store.get(article_id) if raw is None else None
    if raw is None and found is None:
        abort(404, f"no article {article_id} in this store")
    url = raw.url if raw is not None else found.url if found is not None else ""
    location = context.warc.find(url) if context.warc is not None else None
    if location is not None:
        text = read_warc_capture(location).as_text()
    elif raw is not None:
        text = stored_capture(raw).as_text()
    else:
        abort(404, f"no capture of article {article_id} is kept (no WARC record, no stored raw response)")
    return Response(text, content_type="text/plain; charset=utf-8", headers=CAPTURE_HEADERS)
