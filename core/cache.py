"""Django's Redis cache, except that an unreachable Redis is a miss, not an error.

Everything this product caches can be computed again (the public workroom page and feeds,
the quota table's count and order, the report figures), so while Redis is down a read finds
nothing and a write is dropped: the pages are computed without the cache instead of
failing with a 500, and /healthz reports the cache as down. Counters (`incr`, `decr`) and
`clear` still raise: they have no honest answer without Redis.

config/settings/base.py selects this backend for every redis:// CACHE_URL, with short
socket timeouts; after a failure the cache is not tried again for RETRY_AFTER, so a Redis
that hangs rather than refuses costs a process one timeout every few seconds, not one per
cache read.
"""

from __future__ import annotations

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)

# What the redis client raises when the server is down, refuses, or does not answer in time.
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)
RETRY_AFTER = 5  # seconds without trying Redis after it failed
WARN_EVERY = 60  # seconds: one warning a minute, not one per cache read


class DegradingRedisCache(RedisCache):
    """RedisCache whose reads and writes degrade to "not cached" while Redis is unreachable."""

    down_until = warned_at = float("-inf")  # time.monotonic() values, per instance once set

    def attempt(self, operation: str, fallback, method, *args):
        """`method(*args)`, or `fallback` while Redis is unreachable."""
        if time.monotonic() < self.down_until:
            return fallback
        try:
            return method(*args)
        except UNREACHABLE as exc:
            now = time.monotonic()
            self.down_until = now + RETRY_AFTER
            if now - self.warned_at >= WARN_EVERY:
                self.warned_at = now
                log.warning("cache unreachable (%s: %s): computing without it", operation, exc)
            return fallback

    def get(self, key, default=None, version=None):
        return self.attempt("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self.attempt("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self.attempt("has_key", False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("set", None, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("add", False, super().add, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's answer lists the keys that were not stored: all of them.
        return self.attempt("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.attempt("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self.attempt("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self.attempt("delete_many", None, super().delete_many, keys, version)
