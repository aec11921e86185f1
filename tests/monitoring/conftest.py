"""Feed tests: real feed files served by a local HTTP server (pytest-httpserver)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.monitoring.factories import SourceFactory

FEEDS = Path(__file__).parent / "feeds"


def feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


@pytest.fixture(autouse=True)
def _local_feeds_allowed(settings):
    # The test server listens on loopback; the SSRF tests narrow this again.
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    settings.FEED_TIMEOUT = 2


@pytest.fixture
def serve(httpserver):
    """serve("rss20.xml", path="/feed") → the URL; extra keyword arguments go to respond_with_data."""

    def _serve(name: str | None = None, path: str = "/feed.xml", body: bytes | None = None, **kwargs) -> str:
        kwargs.setdefault("content_type", "application/rss+xml")
        httpserver.expect_request(path).respond_with_data(body if body is not None else feed(name), **kwargs)
        return httpserver.url_for(path)

    return _serve


@pytest.fixture
def source_for(db):
    def _source(url: str, **kwargs):
        return SourceFactory(url=url, **kwargs)

    return _source
