"""Politeness shared by every worker of a crawl: per outlet, at most ``concurrency`` requests at a time and
``delay`` seconds between the starts of two requests, whichever process sends them.

One Lua script decides atomically, on the Redis server's clock: a request may start when its outlet
has a free slot and the outlet's next-allowed time has come; else the script says how long to wait.
A slot is held under a token with an expiry (``lease``), so a worker killed mid-download frees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import redis

from crawler.distributed.address import CrawlKeys

# KEYS: holders, next; ARGV: token, concurrency, delay_ms, lease_ms. 0: taken; n > 0: wait n ms.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, math.min(250, tonumber(first[2]) - now))
end
local allowed = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < allowed then return allowed - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', tonumber(ARGV[3]) + 1000)
return 0
"""


@dataclass(frozen=True, slots=True)
class PolitenessRules:
    concurrency: int  # requests at once per outlet, over all workers
    delay: float  # seconds between two request starts at one outlet
    lease: float  # seconds after which a slot whose holder vanished is free again


class SharedPoliteness:
    """The shared gate; ``try_acquire`` returns 0.0 when the request may go, else seconds to wait."""

    def __init__(self, server: redis.Redis, keys: CrawlKeys, rules: PolitenessRules) -> None:
        self.server = server
        self.keys = keys
        self.rules = rules
        self._acquire = server.register_script(_ACQUIRE)

    def try_acquire(self, slot: str, token: str) -> float:
        holders, allowed = self.keys.polite(slot)
        rules = self.rules
        wait = self._acquire(
            keys=[holders, allowed],
            args=[token, max(1, rules.concurrency), int(rules.delay * 1000), max(1, int(rules.lease * 1000))],
        )
        return int(cast(Any, wait)) / 1000

    def release(self, slot: str, token: str) -> None:
        holders, _ = self.keys.polite(slot)
        self.server.zrem(holders, token)
