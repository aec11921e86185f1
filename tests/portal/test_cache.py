"""The cache on Redis answers as a miss while Redis is away: pages work, nothing fails."""

from __future__ import annotations

import socket

from portal.lib.cache import TolerantRedisCache


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free again: nothing listens there


def test_a_redis_that_is_down_is_a_miss_not_an_error(caplog):
    """Signing in (allauth's rate limits) and the post checker were a 500 with Redis down."""
    cache = TolerantRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("key", 1) is True
    assert cache.set("key", 1) is None
    assert cache.incr("key") == 1
    assert cache.delete("key") is False
    assert cache.get_or_set("key", 5) == 5
    assert cache.has_key("key") is False
    assert "Cache unavailable" in caplog.text
