"""Lines inside an article's container that are not its text: newsletter sign-ups typed between
paragraphs, and the notes agencies and outlets append after the last one (who translated the piece, what
the subscription service is, which agency the story came from).

Trailing notes are only looked for after the body's last paragraph, where outlets put them: the same
words inside the story (a report about a translation prize) are the story's.
"""

from __future__ import annotations

import re

from crawler.extraction.credits import credit_line

# A newsletter promotion: the newsletter named, and a verb that offers it («تلقوا», «اشترك»).
_NEWSLETTER_RE = re.compile(r"النشرة\s+(?:الإخبارية|الاخبارية|البريدية|اليومية)|نشرتنا|newsletter", re.IGNORECASE)
_OFFER_RE = re.compile(
    r"(?:^|\s|[«(:])[وف]?(?:اشترك|سج[لّ]|تلق|احصل|استقبل|تصل|يصل)|subscribe|sign\s+up|inscri", re.IGNORECASE
)
_MAX_PROMO_CHARS = 160
# A translator's note: «ترجمة: فلان», «*ترجمه إلى العربية: فلان», «نقله إلى العربية: …», «Translated by».
_TRANSLATOR_RE = re.compile(
    r"^[\W_]*(?:ترجم[ةهت]?\w*|نقل[هت]?\w*|عر[بّ]ه?\w*)(?:\s+(?:إلى|الى)\s+(?:اللغة\s+)?العربية)?\s*[:：\-–]\s*\S"
    r"|^[\W_]*translated\s+(?:by|from)\b",
    re.IGNORECASE,
)
_MAX_TRANSLATOR_CHARS = 80
# A subscription-service disclaimer: the outlet's published news described as part of a paid service,
# or readers asked to get in touch about subscribing.
_SERVICE_RE = re.compile(
    r"(?:الأخبار|الاخبار|المواد|المحتوى)\s+(?:المنشور[ةه]?|التي\s+تنشر|الذي\s+ينشر).{0,200}(?:المشتركين|الاشتراك)"
    r"|(?:اتصلوا|اتصل|تواصلوا|راسلونا)\s+(?:بنا|معنا).{0,40}(?:الاشتراك|للاشتراك)",
)
_MAX_SERVICE_CHARS = 400


def is_newsletter_promo(text: str) -> bool:
    """A short line offering the outlet's newsletter («النشرة اليومية: تلقوا أهم الأخبار كل صباح»)."""
    return len(text) <= _MAX_PROMO_CHARS and bool(_NEWSLETTER_RE.search(text)) and bool(_OFFER_RE.search(text))


def is_translator_note(text: str) -> bool:
    """A short line naming who translated the piece."""
    return len(text) <= _MAX_TRANSLATOR_CHARS and bool(_TRANSLATOR_RE.match(text))


def is_service_disclaimer(text: str) -> bool:
    """An agency's note that its published news is a part of a subscribers' service."""
    return len(text) <= _MAX_SERVICE_CHARS and bool(_SERVICE_RE.search(text))


def split_trailer(body: str) -> tuple[str, list[str]]:
    """``body`` without its trailing notes, and the agencies its credit lines name: ``(body, credits)``.

    Translator notes and service disclaimers are dropped; credit lines («المصدر: وكالات», «القناة/ أ ف ب»)
    leave the body and their agencies are returned as credits. The first paragraph always stays.
    """
    paragraphs = body.split("\n\n")
    credits: list[str] = []
    while len(paragraphs) > 1:
        last = paragraphs[-1].strip()
        if (names := credit_line(last)) is not None:
            credits[:0] = names
        elif not (is_translator_note(last) or is_service_disclaimer(last)):
            break
        paragraphs.pop()
    return "\n\n".join(paragraphs), credits
