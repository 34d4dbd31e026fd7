"""Plain-text rendering of a stored article (the layout of our reference seed article)."""

from __future__ import annotations

from crawler.arabic import search_form
from crawler.items import Article

BULLET = "  • "
ATTRIBUTION = "المصدر: "


def render_text(article: Article) -> str:
    """Headline; blank line; summary and «  • » key points; blank line; body; blank line; «المصدر: …».

    The attribution names the outlet once, even when the body's own last line already credits it.
    """
    blocks = [article.headline]
    lead = [line for line in (article.summary,) if line] + [BULLET + h for h in article.highlights]
    if lead:
        blocks.append("\n".join(lead))
    paragraphs = [p for p in article.body.split("\n\n") if p.strip()]
    attribution = ATTRIBUTION + (article.source_name_ar or article.source_name or article.source_id or "")
    if paragraphs and search_form(paragraphs[-1]) == search_form(attribution):
        paragraphs.pop()
    if paragraphs:
        blocks.append("\n\n".join(paragraphs))
    if attribution.strip() != ATTRIBUTION.strip():
        blocks.append(attribution)
    return "\n\n".join(blocks)
