"""The cache on Redis, tolerating a Redis that is down or stopped answering.

Nothing the portal keeps in the cache is needed to serve a page: sign-in rate limits, the taboo
matcher's version stamp, the feed health summary. With Django's own RedisCache a Redis outage was
a 500 on signing in and on the post checker. Here a failing call is logged and answered as a
cache miss: pages work (rate limits lapse while Redis is away; /healthz says it is).
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerant(name: str, missed):
    def call(self, *args, **kwargs):
        try:
            return getattr(super(TolerantRedisCache, self), name)(*args, **kwargs)
        except RedisError as error:
            logger.warning("Cache unavailable (%s): %s", name, error)
            return missed(*args, **kwargs)

    call.__name__ = name
    return call


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


class TolerantRedisCache(RedisCache):
    """Django's RedisCache; each call that cannot reach Redis is a miss instead of an error."""

    get = _tolerant("get", _default)
    get_many = _tolerant("get_many", lambda *args, **kwargs: {})
    has_key = _tolerant("has_key", lambda *args, **kwargs: False)
    # Stored nowhere, but said to be: add() is how a rate limit counts a first attempt.
    add = _tolerant("add", lambda *args, **kwargs: True)
    set = _tolerant("set", _nothing)
    set_many = _tolerant("set_many", lambda *args, **kwargs: [])
    touch = _tolerant("touch", lambda *args, **kwargs: False)
    delete = _tolerant("delete", lambda *args, **kwargs: False)
    delete_many = _tolerant("delete_many", _nothing)
    incr = _tolerant("incr", lambda key, delta=1, *args, **kwargs: delta)
    decr = _tolerant("decr", lambda key, delta=1, *args, **kwargs: -delta)
    clear = _tolerant("clear", lambda *args, **kwargs: False)
