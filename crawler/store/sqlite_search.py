"""The SQLite side of search: the FTS5 table of surface forms and stems, a parsed ``Query`` compiled to
an FTS5 MATCH expression, and the reindex that fills the table from the stored articles.

Each text field has two columns: its surface forms (``crawler.search.analysis.surface_text``) and its
stems (``stem_text``). A word looks in the stem columns for its stem *or* in the surface columns for its
own form: the set found is the stem's, and an article holding the very form scores on both, so exact
forms rank first. Every string is quoted in the expression, so no query text is ever FTS5 syntax.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

from crawler.items import Article
from crawler.search.analysis import stem_text, surface_text
from crawler.search.query import Kind, Query, Term

FIELDS = ("headline", "summary", "highlights", "body", "tags")
STEM_COLUMNS = tuple(f"{f}_stem" for f in FIELDS)
COLUMNS = (*FIELDS, *STEM_COLUMNS)
# bm25 weight of each field (the same for its surface and stem column): the headline counts most.
WEIGHTS = {"headline": 10.0, "summary": 4.0, "highlights": 3.0, "body": 1.0, "tags": 2.0}
_WEIGHT_LIST = ", ".join(str(WEIGHTS[f]) for f in FIELDS)
BM25 = f"bm25(articles_search, {_WEIGHT_LIST}, {_WEIGHT_LIST})"
CREATE = (
    f"CREATE VIRTUAL TABLE articles_search USING fts5 ({', '.join(COLUMNS)}, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
INSERT = f"INSERT INTO articles_search (rowid, {', '.join(COLUMNS)}) VALUES (?, {', '.join('?' * len(COLUMNS))})"
_SURFACE = "{" + " ".join(FIELDS) + "}"
_STEMS = "{" + " ".join(STEM_COLUMNS) + "}"
# Articles indexed per transaction step of the reindex, and how often it reports.
REINDEX_BATCH = 2000

Progress = Callable[[int, int], None]


def index_row(article_id: int, article: Article) -> tuple[object, ...]:
    """The ``INSERT`` parameters that index ``article`` under ``article_id``."""
    texts = [_text(getattr(article, f)) for f in FIELDS]
    return (article_id, *(surface_text(t) for t in texts), *(stem_text(t) for t in texts))


def match_expression(query: Query) -> str:
    """``query`` as an FTS5 MATCH expression over ``articles_search``."""
    expr = " AND ".join("(" + " OR ".join(_term(t) for t in group) + ")" for group in query.groups)
    if query.excluded:
        expr = f"({expr}) NOT ({' OR '.join(_term(t) for t in query.excluded)})"
    return expr


def reindex(conn: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Empty ``articles_search`` and index every stored article again, inside the caller's transaction;
    ``progress(done, total)`` after each batch. Returns the number indexed."""
    total = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    conn.execute("DELETE FROM articles_search")
    done, last = 0, 0
    select = f"SELECT id, {', '.join(FIELDS)} FROM articles WHERE id > ? ORDER BY id LIMIT {REINDEX_BATCH}"
    while True:
        rows = conn.execute(select, (last,)).fetchall()
        if not rows:
            break
        conn.executemany(INSERT, [_row_from_stored(row) for row in rows])
        done += len(rows)
        last = rows[-1][0]
        if progress is not None:
            progress(done, total)
    return done


def _row_from_stored(row: Sequence[object]) -> tuple[object, ...]:
    texts = [str(v or "") for v in row[1:3]]
    texts += ["\n".join(json.loads(str(row[3]))), str(row[4]), "\n".join(json.loads(str(row[5])))]
    return (row[0], *(surface_text(t) for t in texts), *(stem_text(t) for t in texts))


def _term(term: Term) -> str:
    if term.kind is Kind.PHRASE:
        return f"{_SURFACE} : {_quoted(' '.join(term.words))}"
    if term.kind is Kind.PREFIX:
        return f"({_STEMS} : {_quoted(term.stem)} * OR {_SURFACE} : {_quoted(term.words[0])} *)"
    return f"({_STEMS} : {_quoted(term.stem)} OR {_SURFACE} : {_quoted(term.words[0])})"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _text(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    return "\n".join(value) if isinstance(value, list) else value
