"""Snippets: a short window of an article's original text around the first matched word, with the
spans of every matched word in it, so a caller can mark them (``mark``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.search.analysis import index_stems, words
from crawler.search.query import Kind, Query

# A whitespace-delimited chunk of original text: the unit that is matched and marked.
_CHUNK_RE = re.compile(r"\S+")
_WHITESPACE_RE = re.compile(r"\s+")
SNIPPET_CHARS = 160
_ELLIPSIS = "…"

Span = tuple[int, int]


class Matcher:
    """Whether a surface form is one a query looks for (excluded terms aside)."""

    def __init__(self, query: Query) -> None:
        terms = query.terms()
        self._surface = {w for t in terms if t.kind is not Kind.PREFIX for w in t.words}
        self._stems = {t.stem for t in terms if t.kind is Kind.WORD}
        self._prefixes = tuple(t.words[0] for t in terms if t.kind is Kind.PREFIX)
        self._stem_prefixes = tuple(t.stem for t in terms if t.kind is Kind.PREFIX)

    def __call__(self, word: str) -> bool:
        if word in self._surface or word.startswith(self._prefixes):
            return True
        stems = index_stems(word)
        return any(s in self._stems or s.startswith(self._stem_prefixes) for s in stems)

    def chunk_matches(self, chunk: str) -> bool:
        return any(self(w) for w in words(chunk))


def snippet(texts: Iterable[str], matcher: Matcher, width: int = SNIPPET_CHARS) -> tuple[str, tuple[Span, ...]]:
    """The window around the first matched word of the first text holding one, and the matched spans
    in it; the start of the first non-empty text (no spans) when none holds a match."""
    texts = [t for t in texts if t]
    for text in texts:
        for chunk in _CHUNK_RE.finditer(text):
            if matcher.chunk_matches(chunk.group()):
                window = _window(text, chunk.start(), chunk.end(), width)
                return window, _spans(window, matcher)
    return (_window(texts[0], 0, 0, width) if texts else ""), ()


def mark(text: str, spans: Iterable[Span], before: str = "[", after: str = "]") -> str:
    """``text`` with each span wrapped in ``before`` … ``after``."""
    out, at = [], 0
    for start, end in sorted(spans):
        out += [text[at:start], before, text[start:end], after]
        at = end
    return "".join([*out, text[at:]])


def _spans(window: str, matcher: Matcher) -> tuple[Span, ...]:
    return tuple(
        (m.start(), m.end()) for m in _CHUNK_RE.finditer(window) if matcher.chunk_matches(m.group().strip(_ELLIPSIS))
    )


def _window(text: str, start: int, end: int, width: int) -> str:
    """About ``width`` characters of ``text`` around ``start:end``, cut at word boundaries, one line."""
    slack = max(width - (end - start), 0)
    lo = max(start - slack // 2, 0)
    hi = min(end + slack - (start - lo), len(text))
    if lo > 0 and not text[lo - 1].isspace() and (space := _WHITESPACE_RE.search(text, lo, start)):
        lo = space.end()
    if hi < len(text) and not text[hi].isspace():
        spaces = list(_WHITESPACE_RE.finditer(text, end, hi))
        if spaces:
            hi = spaces[-1].start()
    body = _WHITESPACE_RE.sub(" ", text[lo:hi]).strip()
    return (_ELLIPSIS if lo > 0 else "") + body + (_ELLIPSIS if hi < len(text) else "")
