"""Where a shared crawl lives: the ``--queue`` URI checked, the Redis connection, and the names of its keys.

Every key of one shared crawl starts with its prefix (``AKHBAR_QUEUE_PREFIX``), so two shared crawls on
one Redis database never meet; a Redis database number (``redis://host:6379/N``) separates them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import redis

SCHEMES = ("redis", "rediss", "unix")


class QueueError(RuntimeError):
    """The shared queue cannot be used: a bad ``--queue`` URI or a Redis server that does not answer."""


@dataclass(frozen=True, slots=True)
class CrawlKeys:
    """The Redis keys of one shared crawl."""

    prefix: str

    @property
    def requests(self) -> str:
        """scrapy-redis's priority queue (a sorted set of encoded requests)."""
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        """scrapy-redis's fingerprints of the requests queued in this run."""
        return f"{self.prefix}:dupefilter"

    @property
    def workers(self) -> str:
        """Sorted set: worker id → end of its lease (ms, Redis clock)."""
        return f"{self.prefix}:workers"

    @property
    def busy(self) -> str:
        """Set of the workers that have requests downloading or being processed."""
        return f"{self.prefix}:busy"

    @property
    def seeded(self) -> str:
        """The id of the worker that seeded this run; gone when the run ends."""
        return f"{self.prefix}:seeded"

    @property
    def seeding(self) -> str:
        """Present while the seeding worker is still queueing the due feeds."""
        return f"{self.prefix}:seeding"

    def inflight(self, worker: str) -> str:
        """Hash of the requests ``worker`` took from the queue and has not finished: token → request."""
        return f"{self.prefix}:inflight:{worker}"

    def polite(self, slot: str) -> tuple[str, str]:
        """Per outlet (download slot): the sorted set of requests being downloaded, and the next-allowed time."""
        return f"{self.prefix}:polite:{slot}:holders", f"{self.prefix}:polite:{slot}:next"


def check_queue_url(url: str) -> str:
    """``url`` if it names a Redis server (``redis://HOST:PORT/N``); else ``QueueError`` saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise QueueError(f"--queue {url}: expected redis://HOST:PORT/DB (or rediss://, unix://)")
    if parts.scheme != "unix" and not parts.hostname:
        raise QueueError(f"--queue {url}: no host")
    try:
        parts.port  # noqa: B018  (raises ValueError on a port that is not a number)
    except ValueError:
        raise QueueError(f"--queue {url}: the port is not a number") from None
    db = parts.path.strip("/")
    if db and not db.isdigit():
        raise QueueError(f"--queue {url}: the database {db!r} is not a number")
    return url


def check_prefix(prefix: str) -> str:
    if not prefix or any(ch in prefix for ch in "% \t\n{}"):
        raise QueueError(f"AKHBAR_QUEUE_PREFIX {prefix!r}: expected a name without spaces, braces or %")
    return prefix


def connect(url: str, *, timeout: float = 5.0) -> redis.Redis:
    """A connection to the queue's Redis, checked with a PING; ``QueueError`` when it does not answer."""
    check_queue_url(url)
    try:
        server = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        server.ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        raise QueueError(f"Redis at {url} does not answer: {exc}") from exc
    return server
