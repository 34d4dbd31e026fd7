"""The workers of a shared crawl: leases, the seeding claim, requests in flight, idle detection, leaving.

A worker holds a lease (``workers`` sorted set, renewed by its heartbeat). A request it takes from the
queue moves, in the same Lua script, into its in-flight hash, and leaves it when the request is finished
(its items stored). A worker whose lease ran out (kill -9, machine lost) has its in-flight requests put
back at the head of the queue by whichever worker notices first, bypassing the duplicate filter; so does
a worker that leaves with requests unfinished. The Redis server's clock is the only clock used.

A run starts when a worker claims the seeding (``seeded``, SET NX) and ends when the last worker leaves;
the duplicate filter covers one run (the store's seen-state covers later ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import redis

from crawler.distributed.address import CrawlKeys

# KEYS: requests, inflight, busy; ARGV: worker. Pops the head of the queue into the worker's in-flight
# hash, and marks the worker busy at once (others must not take the empty queue for the end): {token, request}.
_TAKE = """
local head = redis.call('ZRANGE', KEYS[1], 0, 0)
if #head == 0 then return nil end
redis.call('ZREM', KEYS[1], head[1])
redis.call('SADD', KEYS[3], ARGV[1])
local token = redis.sha1hex(head[1])
redis.call('HSET', KEYS[2], token, head[1])
return {token, head[1]}
"""

# KEYS: workers, busy, requests, seeded; ARGV: prefix, lease_ms. Puts back what dead workers had in flight.
_RECLAIM = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
local back = 0
for _, worker in ipairs(dead) do
  local key = ARGV[1] .. ':inflight:' .. worker
  local held = redis.call('HVALS', key)
  for _, request in ipairs(held) do
    redis.call('ZADD', KEYS[3], -1000000, request)
    back = back + 1
  end
  redis.call('DEL', key)
  redis.call('ZREM', KEYS[1], worker)
  redis.call('SREM', KEYS[2], worker)
end
return back
"""

# KEYS: workers, busy, seeded, inflight; ARGV: worker, lease_ms, busy (0/1). The heartbeat.
_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
return now
"""

# KEYS: seeded, seeding, dupefilter; ARGV: worker, lease_ms. The first worker of a run seeds it.
_CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
"""

# KEYS: requests, workers, busy, seeding; ARGV: worker. Nothing queued, nobody busy, nobody seeding, and
# no worker (this one aside) whose lease ran out with requests still in flight (they go back to the queue).
_IDLE = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local lease = redis.call('ZSCORE', KEYS[2], worker)
  if worker ~= ARGV[1] and lease and tonumber(lease) > now then return 0 end
end
return 1
"""

# KEYS: workers, busy, inflight, requests, seeded, dupefilter, seeding; ARGV: worker. Unfinished requests
# go back; the last worker out ends the run (the fingerprints stay while requests are still queued).
_LEAVE = """
local held = redis.call('HVALS', KEYS[3])
for _, request in ipairs(held) do redis.call('ZADD', KEYS[4], -1000000, request) end
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
if redis.call('GET', KEYS[7]) == ARGV[1] then redis.call('DEL', KEYS[7]) end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[5])
  if redis.call('ZCARD', KEYS[4]) == 0 then redis.call('DEL', KEYS[6]) end
end
return #held
"""


@dataclass(frozen=True, slots=True)
class Taken:
    """A request taken from the queue: its in-flight token and its encoding (scrapy-redis's)."""

    token: str
    data: bytes


class Worker:
    """One process's part in a shared crawl; every method is one round trip to Redis."""

    def __init__(self, server: redis.Redis, keys: CrawlKeys, worker_id: str, *, lease: float) -> None:
        self.server = server
        self.keys = keys
        self.id = worker_id
        self.lease_ms = max(1, int(lease * 1000))
        self._take = server.register_script(_TAKE)
        self._reclaim = server.register_script(_RECLAIM)
        self._renew = server.register_script(_RENEW)
        self._claim = server.register_script(_CLAIM)
        self._idle = server.register_script(_IDLE)
        self._leave = server.register_script(_LEAVE)

    @property
    def inflight_key(self) -> str:
        return self.keys.inflight(self.id)

    def renew(self, *, busy: bool) -> None:
        """The heartbeat: the lease renewed, the busy flag set, the run's seeding mark kept alive."""
        k = self.keys
        self._renew(keys=[k.workers, k.busy, k.seeded, self.inflight_key], args=[self.id, self.lease_ms, int(busy)])

    def reclaim(self) -> int:
        """Requests of workers whose lease ran out put back in the queue; how many."""
        k = self.keys
        return int(cast(Any, self._reclaim(keys=[k.workers, k.busy, k.requests, k.seeded], args=[k.prefix])))

    def claim_seeding(self) -> bool:
        """True for the first worker of a run, which then queues the due feeds (and a fresh duplicate filter)."""
        k = self.keys
        return bool(self._claim(keys=[k.seeded, k.seeding, k.dupefilter], args=[self.id, self.lease_ms]))

    def seeding_done(self) -> None:
        self.server.delete(self.keys.seeding)

    def renew_seeding(self) -> None:
        self.server.pexpire(self.keys.seeding, self.lease_ms)

    def take(self) -> Taken | None:
        """The head of the queue, moved into this worker's in-flight hash; None when the queue is empty."""
        got = self._take(keys=[self.keys.requests, self.inflight_key, self.keys.busy], args=[self.id])
        if not got:
            return None
        token, data = cast(list[bytes], got)
        return Taken(token.decode("ascii"), data)

    def finished(self, token: str) -> None:
        """A taken request is done (its items stored, or it failed for good): out of flight."""
        self.server.hdel(self.inflight_key, token)

    def in_flight(self) -> int:
        return int(self.server.hlen(self.inflight_key))

    def shared_idle(self) -> bool:
        """Nothing queued, no other worker busy or seeding, no dead worker's requests waiting to go back."""
        k = self.keys
        return bool(self._idle(keys=[k.requests, k.workers, k.busy, k.seeding], args=[self.id]))

    def queued(self) -> int:
        return int(self.server.zcard(self.keys.requests))

    def leave(self) -> int:
        """Out of the crawl: unfinished requests back in the queue (how many); the last one out ends the run."""
        k = self.keys
        return int(
            cast(
                Any,
                self._leave(
                    keys=[k.workers, k.busy, self.inflight_key, k.requests, k.seeded, k.dupefilter, k.seeding],
                    args=[self.id],
                ),
            )
        )
