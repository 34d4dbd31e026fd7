"""``akhbar crawl --queue redis://HOST:PORT/N``: the checks before a worker joins a shared crawl, and the
run lock each kind of crawl takes on its store (README "Scaling out")."""

from __future__ import annotations

import argparse
import contextlib
from urllib.parse import urlsplit, urlunsplit

from crawler.app.lock import RunLock
from crawler.app.pglock import PgRunLock
from crawler.distributed.address import QueueError, check_prefix, connect

DEFAULT_PREFIX = "akhbar"


class QueueUsageError(ValueError):
    """A ``--queue`` that cannot work (bad URI, Redis down, a store workers cannot share): exit 2."""


def add_arguments(crawl: argparse.ArgumentParser) -> None:
    crawl.add_argument(
        "--queue",
        metavar="REDIS_URI",
        help="join the shared crawl whose queue is in this Redis (redis://HOST:PORT/N); needs a PostgreSQL --db",
    )


def queue_settings(url: str, store_uri: str, overrides: dict[str, str]) -> dict[str, str]:
    """The settings of a worker, once the store is one workers can share and Redis answers (else exit 2)."""
    from spiders.queue import shared_settings

    if not store_uri.startswith(("postgresql:", "postgres:")):
        raise QueueUsageError(
            f"--queue needs a store every worker can reach (--db postgresql://…); {store_uri} is a file of one machine"
        )
    prefix = overrides.get("AKHBAR_QUEUE_PREFIX", DEFAULT_PREFIX)
    try:
        check_prefix(prefix)
        connect(url).close()
    except QueueError as exc:
        raise QueueUsageError(str(exc)) from None
    return {name: str(value) for name, value in shared_settings(url, prefix).items()}


def queue_identity(url: str, prefix: str) -> str:
    """The shared crawl's name in the store's lock: the Redis address (without a password) and the prefix."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return f"{urlunsplit((parts.scheme, netloc, parts.path, '', ''))}|{prefix}"


def run_lock(store_uri: str, queue: str | None = None) -> contextlib.AbstractContextManager[object]:
    """The store's run lock: a lock file beside a SQLite database, an advisory lock in PostgreSQL (shared
    by the workers of one shared crawl, ``queue`` being its identity)."""
    if store_uri.startswith("sqlite:"):
        return RunLock.for_store(store_uri)
    if store_uri.startswith(("postgresql:", "postgres:")):
        return PgRunLock(store_uri, queue)
    return contextlib.nullcontext()
