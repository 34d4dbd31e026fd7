"""The query language, parsed into a backend-neutral ``Query``.

``وزير الخارجية`` — every word, each by its stem (any clitic or suffix form); ``"وزير الخارجية"`` — the
exact words in that order (surface forms, spelling still folded); ``طراب*`` — words starting so;
``غزة OR رفح`` — either; ``-رياضة`` / ``-"كأس العالم"`` — without. Terms side by side must all match;
``OR`` binds the terms either side of it. Anything else is a ``QueryError`` with a one-line message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from crawler.search.analysis import stem, strip_article, words

# Characters that are query syntax in full-text engines but not in ours: outside quotes they are an
# error rather than silently dropped, so «(غزة OR رفح)» is not read as something it is not.
_RESERVED = frozenset("(){}[]:^+~")
# A chunk of the query: a quoted phrase (closed or not), or a run of other characters.
_CHUNK_RE = re.compile(r'-?"[^"]*"?|[^\s"]+|"')
OR = "OR"


class QueryError(ValueError):
    """A query that cannot be read; its message is one line, for the user."""


class Kind(Enum):
    WORD = "word"  # matched by stem
    PHRASE = "phrase"  # surface forms, in order
    PREFIX = "prefix"  # surface and stem prefixes


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to look for. ``words``: folded surface forms (one, except in a phrase).

    ``stem``: the stem a word is looked up by (a prefix: its surface form without the article).
    """

    kind: Kind
    words: tuple[str, ...]

    @property
    def stem(self) -> str:
        if self.kind is Kind.PREFIX:
            return strip_article(self.words[0])
        return stem(self.words[0])


@dataclass(frozen=True, slots=True)
class Query:
    """``groups`` must all match, each by any one of its terms; no ``excluded`` term may match."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def terms(self) -> tuple[Term, ...]:
        return tuple(term for group in self.groups for term in group)


def parse_query(text: str) -> Query:
    """``text`` read as a query; ``QueryError`` when it is malformed or holds nothing to look for."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for chunk in _CHUNK_RE.findall(text):
        if chunk == OR:
            if not groups or pending_or:
                raise QueryError("OR needs a term on each side (as in: غزة OR رفح)")
            pending_or = True
            continue
        negated = chunk.startswith("-")
        body = chunk[1:] if negated else chunk
        if not body:
            raise QueryError("a lone '-' excludes nothing: write it against a word, as in -رياضة")
        terms = _terms(body)
        if negated:
            if pending_or:
                raise QueryError("OR cannot join an excluded term; exclude it on its own")
            excluded.extend(terms)
        elif pending_or:
            groups[-1].extend(terms[:1])
            groups.extend([t] for t in terms[1:])
            pending_or = False
        else:
            groups.extend([t] for t in terms)
    if pending_or:
        raise QueryError("OR needs a term on each side (as in: غزة OR رفح)")
    if not groups:
        what = "only excluded terms" if excluded else "no words"
        raise QueryError(f"the query has {what}: give at least one word to look for")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def _terms(body: str) -> list[Term]:
    """The terms one chunk (without its leading '-') stands for."""
    if body.startswith('"'):
        if len(body) < 2 or not body.endswith('"'):
            raise QueryError('unbalanced quote: close the phrase with a second " (as in "وزير الخارجية")')
        found = words(body[1:-1])
        if not found:
            raise QueryError(f"the phrase {body} has no words in it")
        return [Term(Kind.PHRASE, tuple(found))]
    if bad := sorted(set(body) & _RESERVED):
        raise QueryError(f'{" ".join(bad)} is not query syntax here: use words, "phrases", prefix*, OR and -exclusion')
    if "*" in body.rstrip("*") or body.count("*") > 1:
        raise QueryError(f"{body}: '*' only ends a prefix, as in طراب*")
    if body.endswith("*"):
        found = words(body[:-1])
        if len(found) != 1:
            raise QueryError(f"{body}: a prefix is one word followed by '*', as in طراب*")
        if len(found[0]) < 2:
            raise QueryError(f"{body}: a prefix needs at least two letters")
        return [Term(Kind.PREFIX, (found[0],))]
    # Punctuation inside a chunk separates words, as in the indexed text («غزة،رفح» is two words).
    return [Term(Kind.WORD, (w,)) for w in words(body)]
