"""HTTP as real servers speak it: keep-alive redirects to the same host, headers sent slowly."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from portal.lib import http

FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>"


@pytest.fixture
def raw_server():
    """A server answering on keep-alive connections with ``respond(path, connection)``."""
    server = socket.create_server(("127.0.0.1", 0))
    handlers = {}

    def handle(connection: socket.socket) -> None:
        buffer = b""
        with connection:
            while data := connection.recv(65536):
                buffer += data
                while b"\r\n\r\n" in buffer:
                    request, buffer = buffer.split(b"\r\n\r\n", 1)
                    path = request.split(b" ")[1].decode()
                    try:
                        handlers[path](connection)
                    except OSError:
                        return

    def accept() -> None:
        while True:
            try:
                connection, _address = server.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield handlers, f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_a_redirect_to_the_same_host_on_a_kept_alive_connection_is_followed(raw_server):
    """WordPress's /feed → /feed/ failed with "('Connection aborted.', ResponseNotReady('Request-sent'))"."""
    handlers, base = raw_server
    moved = b"<html>Moved</html>"
    handlers["/feed"] = lambda c: c.sendall(
        b"HTTP/1.1 301 Moved\r\nLocation: /feed/\r\nContent-Length: %d\r\n\r\n%s" % (len(moved), moved)
    )
    handlers["/feed/"] = lambda c: c.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n%s"
        % (len(FEED), FEED)
    )
    response = http.fetch(base + "/feed")
    assert (response.status, response.body) == (200, FEED)
    assert response.permanent_url == base + "/feed/"


def test_headers_sent_one_line_at_a_time_stop_at_the_overall_deadline(raw_server, settings):
    """Each line within the read timeout, the whole answer past three of them: it took 100 s."""
    settings.FEED_TIMEOUT = 0.5
    handlers, base = raw_server

    def slow_headers(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        for n in range(40):
            time.sleep(0.1)
            connection.sendall(b"X-Slow-%d: 1\r\n" % n)

    handlers["/slow"] = slow_headers
    started = time.monotonic()
    with pytest.raises(http.FetchError) as caught:
        http.fetch(base + "/slow")
    assert caught.value.code == http.REASON_TIMEOUT
    assert time.monotonic() - started < 2.5  # the headers would take 4 s


def test_a_redirect_after_the_deadline_is_not_followed(raw_server, settings, monkeypatch):
    """A redirect sent slowly until just before the deadline, to a host whose name resolves just
    after it, then slow headers again: the cut-off had passed, and the new connection ran on."""
    settings.FEED_TIMEOUT = 0.5
    handlers, base = raw_server
    port = base.rsplit(":", 1)[1]

    def slow_redirect(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 302 Found\r\n")
        for n in range(12):
            time.sleep(0.1)
            connection.sendall(b"X-Slow-%d: 1\r\n" % n)
        connection.sendall(b"Location: http://localhost:%s/slow\r\nContent-Length: 0\r\n\r\n" % port.encode())

    def slow_headers(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        for n in range(40):
            time.sleep(0.1)
            connection.sendall(b"X-Slow-%d: 1\r\n" % n)

    handlers["/r"], handlers["/slow"] = slow_redirect, slow_headers
    resolve = http._resolve

    def slow_dns(host, port):
        if host == "localhost":
            time.sleep(0.4)
            return [info for info in resolve("127.0.0.1", port)]
        return resolve(host, port)

    monkeypatch.setattr(http, "_resolve", slow_dns)
    started = time.monotonic()
    with pytest.raises(http.FetchError) as caught:
        http.fetch(base + "/r")
    assert caught.value.code == http.REASON_TIMEOUT
    assert time.monotonic() - started < 2.5  # the second answer alone would take 4 s


def _closing(connection: socket.socket) -> None:
    connection.shutdown(socket.SHUT_RDWR)
    raise OSError  # the handler stops


@pytest.mark.parametrize(
    ("answer", "worded"),
    [
        (_closing, "the server closed the connection without answering"),
        (lambda c: c.sendall(b"hello world\r\n\r\n"), "the server's answer is not HTTP"),
        (
            lambda c: (c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n<rss>"), _closing(c)),
            "the download was cut off before its end",
        ),
    ],
)
def test_broken_answers_are_said_in_words_not_as_pythons_exceptions(raw_server, answer, worded):
    """Comms read "('Connection aborted.', RemoteDisconnected('Remote end closed connection
    without response'))" in the source list and the pause e-mail."""
    from django.utils import translation

    from monitoring.models import Source

    handlers, base = raw_server
    handlers["/feed"] = answer
    with pytest.raises(http.FetchError) as failed:
        http.fetch(base + "/feed")
    assert "(" not in failed.value.detail
    with translation.override("en"):
        assert worded in Source.error_text(failed.value.code, failed.value.detail)
