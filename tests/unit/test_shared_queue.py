"""The shared crawl's Redis scripts (crawler/distributed/), against the local Redis: the reliable take,
a dead worker's requests put back, the seeding claim, idle detection, the run's end, shared politeness."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis

from crawler.distributed.address import CrawlKeys, QueueError, check_queue_url, connect
from crawler.distributed.politeness import PolitenessRules, SharedPoliteness
from crawler.distributed.workers import Worker
from tests.redisdb import SERVER, redis_prefix


@pytest.fixture
def server() -> Iterator[tuple[redis.Redis, CrawlKeys]]:
    with redis_prefix() as prefix:
        client = connect(SERVER)
        yield client, CrawlKeys(prefix)
        client.close()


def worker(server: tuple[redis.Redis, CrawlKeys], name: str, lease: float = 5.0) -> Worker:
    return Worker(server[0], server[1], name, lease=lease)


def queue(server: tuple[redis.Redis, CrawlKeys], *requests: bytes) -> None:
    client, keys = server
    for n, request in enumerate(requests):
        client.zadd(keys.requests, {request: n})


def test_a_taken_request_is_in_flight_until_finished(server: tuple[redis.Redis, CrawlKeys]) -> None:
    a = worker(server, "a")
    queue(server, b"first", b"second")
    taken = a.take()
    assert taken is not None and taken.data == b"first"
    assert a.in_flight() == 1 and a.queued() == 1
    a.finished(taken.token)
    assert a.in_flight() == 0


def test_a_dead_workers_requests_go_back_to_the_head_of_the_queue(server: tuple[redis.Redis, CrawlKeys]) -> None:
    dead, alive = worker(server, "dead", lease=0.2), worker(server, "alive")
    queue(server, b"one", b"two", b"three")
    dead.renew(busy=True)
    assert dead.take() is not None
    assert alive.reclaim() == 0  # its lease still runs
    time.sleep(0.3)
    assert alive.reclaim() == 1
    taken = alive.take()
    assert taken is not None and taken.data == b"one"
    assert server[0].exists(dead.inflight_key) == 0


def test_only_the_first_worker_seeds_a_run_and_the_last_one_out_ends_it(
    server: tuple[redis.Redis, CrawlKeys],
) -> None:
    client, keys = server
    a, b = worker(server, "a"), worker(server, "b")
    a.renew(busy=False)
    b.renew(busy=False)
    assert a.claim_seeding() is True
    assert b.claim_seeding() is False
    client.sadd(keys.dupefilter, "fingerprint")
    a.seeding_done()
    a.leave()
    assert client.exists(keys.seeded) == 1  # b is still in the crawl
    b.leave()
    assert client.exists(keys.seeded) == 0 and client.exists(keys.dupefilter) == 0
    assert a.claim_seeding() is True  # the next run


def test_a_worker_leaving_puts_back_what_it_did_not_finish(server: tuple[redis.Redis, CrawlKeys]) -> None:
    client, keys = server
    a = worker(server, "a")
    queue(server, b"one")
    a.renew(busy=True)
    assert a.take() is not None
    assert a.leave() == 1
    assert client.zrange(keys.requests, 0, -1) == [b"one"]
    assert client.exists(keys.dupefilter) == 0 or client.zcard(keys.requests) == 1


def test_the_crawl_is_idle_only_with_nothing_queued_nobody_busy_and_nobody_seeding(
    server: tuple[redis.Redis, CrawlKeys],
) -> None:
    a, b = worker(server, "a"), worker(server, "b")
    a.renew(busy=False)
    b.renew(busy=False)
    assert a.shared_idle()
    assert b.claim_seeding()
    assert not a.shared_idle()  # b is still queueing the feeds
    b.seeding_done()
    queue(server, b"one")
    assert not a.shared_idle()
    assert b.take() is not None  # b is busy with it
    assert not a.shared_idle()
    b.renew(busy=False)
    assert a.shared_idle()


def test_politeness_is_shared_per_outlet(server: tuple[redis.Redis, CrawlKeys]) -> None:
    client, keys = server
    gate = SharedPoliteness(client, keys, PolitenessRules(concurrency=2, delay=0.0, lease=5))
    assert gate.try_acquire("a.example:80", "t1") == 0
    assert gate.try_acquire("a.example:80", "t2") == 0
    assert gate.try_acquire("a.example:80", "t3") > 0  # both slots taken
    assert gate.try_acquire("b.example:80", "t4") == 0  # another outlet
    gate.release("a.example:80", "t1")
    assert gate.try_acquire("a.example:80", "t3") == 0
    spaced = SharedPoliteness(client, keys, PolitenessRules(concurrency=5, delay=0.5, lease=5))
    assert spaced.try_acquire("c.example:80", "u1") == 0
    wait = spaced.try_acquire("c.example:80", "u2")
    assert 0.3 < wait <= 0.5


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:6379", "expected redis://"),
        ("redis://127.0.0.1:63x/0", "port"),
        ("redis://h:1/db", "database"),
    ],
)
def test_a_bad_queue_uri_is_named(url: str, problem: str) -> None:
    with pytest.raises(QueueError, match=problem):
        check_queue_url(url)


def test_a_redis_that_does_not_answer_is_a_queue_error() -> None:
    with pytest.raises(QueueError, match="does not answer"):
        connect("redis://127.0.0.1:1/0", timeout=1)
