"""Reads whose SQL is the same on both SQL backends, written once: an article by any reference, a raw
capture, and the captures a re-extraction walks.

The SQL is written with SQLite's ``?`` parameters; each backend runs it through its own ``_rows`` (the
PostgreSQL store rewrites the parameters) and turns rows into articles and refused pages its own way.
"""

from __future__ import annotations

import abc
import json
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from crawler.items import Article, RawCapture, RefusedPage
from crawler.store.base import Store, parse_date_bound
from crawler.urls import canonicalize


class SqlReads(Store):
    """The shared reads of ``SqliteStore`` and ``PostgresStore``, over four hooks of each backend."""

    @abc.abstractmethod
    def _failing(self, what: str) -> AbstractContextManager[None]:
        """A block whose database or decompression error becomes a ``StorageError`` naming ``what``."""

    @abc.abstractmethod
    def _rows(self, what: str, sql: str, params: Sequence[object]) -> list[Mapping[str, Any]]:
        """Every row of ``sql`` (``?`` parameters); a failure is a ``StorageError`` naming ``what``."""

    @abc.abstractmethod
    def _article_where(self, clause: str, params: Sequence[object]) -> Article | None:
        """The first article matching ``clause`` (SQL after ``WHERE``, ``?`` parameters), or None."""

    @abc.abstractmethod
    def _refused_by_id(self, refused_id: int) -> RefusedPage | None:
        """The refused page stored under ``refused_id``, or None."""

    def find(self, ref: str) -> Article | None:
        ref = ref.strip()
        if ref.isascii() and ref.isdigit():
            return self.get(int(ref))
        try:
            canonical = canonicalize(ref)
        except ValueError:  # not a URL at all (e.g. a bad port): only an exact match can find it
            canonical = ref
        return (
            self._article_where("key = ?", (canonical,))
            or self._article_where("url_key = ? ORDER BY id LIMIT 1", (canonical,))
            or self._article_where("canonical_url IN (?, ?) ORDER BY id LIMIT 1", (ref, canonical))
        )

    def find_by_body_hash(self, body_hash: str) -> Article | None:
        return self._article_where("body_hash = ? ORDER BY id LIMIT 1", (body_hash,))

    def get_raw(self, article_id: int) -> RawCapture | None:
        rows = self._rows(
            f"reading the raw capture of article {article_id}",
            "SELECT url, status, headers, body FROM raw_pages WHERE article_id = ?",
            (article_id,),
        )
        if not rows:
            return None
        row = rows[0]
        with self._failing(f"reading the raw capture of article {article_id}"):
            body = zlib.decompress(row["body"])
        return RawCapture(url=row["url"], status=row["status"], headers=json.loads(row["headers"]), body=body)

    def iter_captures(
        self, *, since: str | None = None, source_ids: Sequence[str] = ()
    ) -> Iterator[Article | RefusedPage]:
        sources = [source_ids] if isinstance(source_ids, str) else list(source_ids)
        bound = fetch_bound(since) if since is not None else None

        def where(fetched: str, source: str) -> tuple[str, list[object]]:
            clauses: list[str] = []
            params: list[object] = []
            if bound is not None:
                clauses.append(f"{fetched} >= ?")
                params.append(bound)
            if sources:
                clauses.append(f"{source} IN ({', '.join('?' * len(sources))})")
                params.extend(sources)
            return (f" WHERE {' AND '.join(clauses)}" if clauses else ""), params

        articles, article_params = where("r.fetched_at", "a.source_id")
        refused, refused_params = where("fetched_at", "source_id")
        article_ids = [
            row["article_id"]
            for row in self._rows(
                "listing raw captures",
                "SELECT r.article_id FROM raw_pages AS r JOIN articles AS a ON a.id = r.article_id"
                f"{articles} ORDER BY r.article_id",
                article_params,
            )
        ]
        refused_ids = [
            row["id"]
            for row in self._rows(
                "listing raw captures", f"SELECT id FROM refused_pages{refused} ORDER BY id", refused_params
            )
        ]
        return self._captures(article_ids, refused_ids)

    def _captures(self, article_ids: list[int], refused_ids: list[int]) -> Iterator[Article | RefusedPage]:
        """One capture at a time (each with its raw response), so a large store streams."""
        for article_id in article_ids:
            article, raw = self.get(article_id), self.get_raw(article_id)
            if article is not None and raw is not None:
                article.raw = raw
                yield article
        for refused_id in refused_ids:
            page = self._refused_by_id(refused_id)
            if page is not None:
                yield page


def fetch_bound(since: str) -> str:
    """``since`` as text comparable with stored ``fetched_at`` values (UTC, to the second)."""
    bound = parse_date_bound(since)
    if isinstance(bound, datetime):
        return bound.astimezone(UTC).replace(microsecond=0).isoformat()
    return bound.isoformat()
