"""What every view needs: the options ``akhbar serve`` was started with, the store, the sources registry
and the WARC archive, kept on the Flask application (never in module globals)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from crawler.sources import Source
from crawler.store import Store, open_store
from crawler.web.captures import WarcIndex

EXTENSION = "akhbar"


@dataclass(frozen=True, slots=True)
class WebOptions:
    """``store_uri``: the store to read (opened read-only). ``sources``: the registry that names outlets,
    their countries and time zones. ``warc_dir``: the WARC archive of the store's crawls (``None``: none)."""

    store_uri: str
    sources: Sequence[Source] = ()
    warc_dir: Path | None = None


@dataclass
class WebContext:
    """The application's shared state: one store per thread for SQLite (a connection belongs to the
    thread that opened it; they end with the process), one for all threads for PostgreSQL (its pool is
    thread-safe; closed by ``close``)."""

    options: WebOptions
    warc: WarcIndex | None
    _local: threading.local = field(default_factory=threading.local)
    _shared: Store | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.options.sources}

    def store(self) -> Store:
        """The store for this thread, opened read-only on first use (``StorageError`` when it cannot be)."""
        if self.options.store_uri.startswith("postgres"):
            with self._lock:
                if self._shared is None:
                    self._shared = open_store(self.options.store_uri, read_only=True)
                return self._shared
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.options.store_uri, read_only=True)
        return store

    def close(self) -> None:
        """Close the shared PostgreSQL store (when the server stops)."""
        with self._lock:
            if self._shared is not None:
                self._shared.close()
                self._shared = None


def web_context() -> WebContext:
    """The ``WebContext`` of the application serving this request."""
    found: WebContext = current_app.extensions[EXTENSION]
    return found
