"""The PostgreSQL side of search: each article's analysed text as two ``tsvector`` values, and a parsed
``Query`` compiled to SQL over them, so that a query finds the same articles as in SQLite.

The words come from the same Python analysis as SQLite's index (``crawler.search.analysis``), and the
vectors are written as ``tsvector`` literals, not through a text-search configuration: PostgreSQL adds
no stemming, stop words or tokenizing of its own, so a lexeme is exactly a word (or stem) SQLite's
``articles_search`` holds. ``surface`` holds the surface forms with their positions (a phrase is
``<->`` over them), ``stems`` every index stem; each position carries its field's weight (headline A,
summary B, highlights and tags C, body D) for ``ts_rank``. Fields are one position apart so that no
phrase runs from one into the next. A term matches as in ``crawler.store.sqlite_search``: its stem in
``stems`` or its own form in ``surface``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from crawler.items import Article
from crawler.search.analysis import stem_text, surface_text
from crawler.search.query import Kind, Query, Term

# Fields in vector order (the body last: tsvector positions stop at 16383, so only a very long body's
# end loses its phrase positions) with their ts_rank weight letter.
FIELDS = (("headline", "A"), ("summary", "B"), ("highlights", "C"), ("tags", "C"), ("body", "D"))
# ts_rank weights of D, C, B, A: SQLite's bm25 weights (body 1, tags 2, highlights 3, summary 4,
# headline 10) scaled to at most 1.
RANK_WEIGHTS = "{0.1, 0.25, 0.4, 1.0}"
# How much more a match of the very form counts than a match of its stem. SQLite's bm25 favours it by
# the rarity (idf) of the form; ts_rank knows no idf, so the form weighs more here outright: a word's
# exact form in the body outranks its stem in a headline, as in SQLite for the test queries.
SURFACE_BOOST = 20
MAX_POSITION = 16383
CREATE = (
    """CREATE TABLE articles_search (
        article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        surface TSVECTOR NOT NULL,     -- surface forms (crawler.search.analysis.surface_text), positioned
        stems TSVECTOR NOT NULL        -- index stems (stem_text), at their word's position
    )""",
    "CREATE INDEX articles_search_surface ON articles_search USING GIN (surface)",
    "CREATE INDEX articles_search_stems ON articles_search USING GIN (stems)",
)
UPSERT = (
    "INSERT INTO articles_search (article_id, surface, stems) VALUES (%s, %s::tsvector, %s::tsvector) "
    "ON CONFLICT (article_id) DO UPDATE SET surface = excluded.surface, stems = excluded.stems"
)


def index_row(article_id: int, article: Article) -> tuple[int, str, str]:
    """The ``UPSERT`` parameters that index ``article`` under ``article_id``."""
    surface: dict[str, list[str]] = {}
    stems: dict[str, list[str]] = {}
    position = 0
    for name, weight in FIELDS:
        text = _text(getattr(article, name))
        for word in surface_text(text).split():
            position += 1
            at = f"{min(position, MAX_POSITION)}{weight}"
            surface.setdefault(_fold(word), []).append(at)
            for one in set(stem_text(word).split()):
                stems.setdefault(_fold(one), []).append(at)
        position += 1  # a gap: no phrase spans two fields
    return article_id, _vector(surface), _vector(stems)


def compile_query(query: Query) -> tuple[str, list[str], str, list[str]]:
    """``query`` as a SQL condition on ``articles_search`` (alias ``s``) and a rank expression, each with
    its parameters, in the order they appear."""
    params: list[str] = []
    groups = []
    for group in query.groups:
        parts = []
        for term in group:
            sql, term_params = _condition(term)
            parts.append(sql)
            params += term_params
        groups.append("(" + " OR ".join(parts) + ")")
    where = " AND ".join(groups)
    if query.excluded:
        parts = []
        for term in query.excluded:
            sql, term_params = _condition(term)
            parts.append(sql)
            params += term_params
        where = f"({where}) AND NOT ({' OR '.join(parts)})"
    stems = [_stem_query(t) for t in query.terms() if t.kind is not Kind.PHRASE]
    surfaces = [_surface_query(t) for t in query.terms()]
    rank_parts, rank_params = [], []
    for column, alternatives, factor in (("stems", stems, 1), ("surface", surfaces, SURFACE_BOOST)):
        if alternatives:
            rank_parts.append(f"{factor} * ts_rank('{RANK_WEIGHTS}', s.{column}, %s::tsquery)")
            rank_params.append(" | ".join(f"({a})" for a in alternatives))
    return where, params, " + ".join(rank_parts) or "0", rank_params


def _condition(term: Term) -> tuple[str, list[str]]:
    if term.kind is Kind.PHRASE:
        return "s.surface @@ %s::tsquery", [_surface_query(term)]
    return "(s.stems @@ %s::tsquery OR s.surface @@ %s::tsquery)", [_stem_query(term), _surface_query(term)]


def _stem_query(term: Term) -> str:
    return _lexeme(term.stem) + (":*" if term.kind is Kind.PREFIX else "")


def _surface_query(term: Term) -> str:
    if term.kind is Kind.PHRASE:
        return " <-> ".join(_lexeme(w) for w in term.words)
    return _lexeme(term.words[0]) + (":*" if term.kind is Kind.PREFIX else "")


def _vector(lexemes: dict[str, list[str]]) -> str:
    return " ".join(f"{_lexeme(word)}:{','.join(at)}" for word, at in lexemes.items())


def _lexeme(word: str) -> str:
    """A quoted tsvector/tsquery lexeme."""
    return "'" + _fold(word).replace("\\", "\\\\").replace("'", "''") + "'"


def _fold(word: str) -> str:
    """Latin letters without their diacritics (``é`` → ``e``), as SQLite's ``remove_diacritics 2`` reads
    them on both sides of a match; other scripts as they are."""
    if word.isascii():
        return word
    return "".join(
        "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)) if ord(ch) < 0x250 else ch
        for ch in word
    )


def _text(value: str | Sequence[str] | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else "\n".join(value)
