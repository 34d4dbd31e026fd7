"""A key prefix of its own on the Redis server CI and this machine run (127.0.0.1:6379, database 0), for a
test of the shared crawl; every key under it is deleted afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER = os.environ.get("AKHBAR_TEST_REDIS", "redis://127.0.0.1:6379/0")


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A fresh prefix (``akhbar-test-…``); the test is skipped when Redis does not answer, or fails in CI."""
    import redis

    server = redis.Redis.from_url(SERVER, socket_connect_timeout=5)
    try:
        server.ping()
    except redis.RedisError as exc:
        message = f"Redis at {SERVER} does not answer: {exc}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"akhbar-test-{uuid.uuid4().hex[:10]}"
    try:
        yield prefix
    finally:
        keys = list(server.scan_iter(match=f"{prefix}:*"))
        if keys:
            server.delete(*keys)
        server.close()
