"""The one module for outgoing HTTP: timeouts, size caps, redirects and the SSRF guard.

Everything the portal fetches from the outside (feeds, trial fetches in the
admin) goes through ``fetch``. It never follows a URL blindly:

* only ``http`` and ``https``;
* the host name is resolved once, every address is checked, and the socket is
  connected to a checked address (so a DNS answer cannot change between the
  check and the connection); the peer address of the connected socket is
  checked again;
* loopback, private, link-local (169.254.169.254!), multicast, reserved and
  other non-global addresses are refused unless listed in
  ``FEED_ALLOWED_PRIVATE_NETWORKS``;
* at most ``MAX_REDIRECTS`` redirects, each target checked like the first URL;
* connect and read timeouts, plus an overall deadline against slow drip-feeding;
* the body is capped on its *decompressed* size while it streams, so a gzip
  bomb stops at the cap, too.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from portal.lib.numbers import parse_int

MAX_REDIRECTS = 5
PERMANENT_REDIRECTS = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


class FetchError(Exception):
    """A fetch that did not produce a usable response.

    ``code`` is one of the ``REASON_*`` constants (stable, for storing and
    translating); ``detail`` is the data behind it (a host name, an address, a
    status), free of words where it can be, because it is stored and shown in
    whichever language the reader uses, after the code's translated label.
    """

    def __init__(self, code: str, detail: str = "", *, status: int | None = None, retry_after=None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.status = status
        self.retry_after: float | None = retry_after


REASON_INVALID_URL = "invalid_url"
REASON_BLOCKED = "blocked_address"
REASON_DNS = "dns"
REASON_CONNECTION = "connection"
REASON_TIMEOUT = "timeout"
REASON_TOO_LARGE = "too_large"
REASON_TOO_MANY_REDIRECTS = "too_many_redirects"
REASON_HTTP_STATUS = "http_status"
REASON_BAD_ENCODING = "bad_encoding"


@dataclass
class Response:
    status: int
    url: str  # the final URL, after redirects
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    # The URL to remember instead of the requested one: set only when every
    # redirect up to it was permanent (301/308). A 302/307 never moves a feed.
    permanent_url: str | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- The address guard ---------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _allowed_networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in spec if cidr.strip())


def allowed_networks() -> tuple:
    return _allowed_networks(tuple(getattr(settings, "FEED_ALLOWED_PRIVATE_NETWORKS", ())))


# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Not globally reachable (IANA special-purpose registries), yet "global" to the address tables
# of Python 3.11 before 3.11.9 or so: the IPv4 protocol assignments (e.g. 192.0.0.8), IPv6
# site-local addresses and local-use NAT64.
_NOT_GLOBAL = tuple(ipaddress.ip_network(cidr) for cidr in ("192.0.0.0/24", "fec0::/10", "64:ff9b:1::/48"))


def is_address_allowed(address: str) -> bool:
    """Whether the portal may connect to the IP ``address``.

    Only globally routable unicast addresses, or those inside an explicitly
    allowed intranet network.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1, 2002:7f00:1:: and 64:ff9b::7f00:1 are the IPv4 address in disguise.
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is None and ip in _NAT64:
            mapped = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if mapped is not None:
            ip = mapped
    if any(ip in network for network in allowed_networks()):
        return True
    if any(ip in network for network in _NOT_GLOBAL):
        return False
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


def _resolve(host: str, port: int) -> list[tuple]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(REASON_DNS, host) from exc


def check_url(url: str) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) to a host we may reach.

    Used to validate URLs in forms; ``fetch`` checks again at connect time.
    """
    check_scheme(url)
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(REASON_INVALID_URL, parts.netloc) from exc
    if is_localhost(parts.hostname or ""):
        addresses = {"127.0.0.1"}  # whatever DNS says now ("localhost." may not resolve here)
    else:
        addresses = {info[4][0] for info in _resolve(parts.hostname, port)}
    blocked = sorted(a for a in addresses if not is_address_allowed(a))
    if blocked and len(blocked) == len(addresses):
        raise FetchError(REASON_BLOCKED, _blocked_detail(parts.hostname, blocked))


def is_localhost(host: str) -> bool:
    """Whether ``host`` is a name of this machine by definition (RFC 6761): "localhost", any name
    under it, with or without the trailing dot of a fully qualified name."""
    host = host.rstrip(".").lower()
    return host == "localhost" or host.endswith(".localhost")


def _blocked_detail(host: str, addresses: list[str]) -> str:
    """ "intranet.example → 10.0.0.1"; an address typed as such once ("10.0.0.1", not "10.0.0.1 → 10.0.0.1")."""
    if addresses == [host.strip("[]")]:
        return addresses[0]
    return f"{host} → {', '.join(addresses)}"


class _Deadline:
    """A fetch's overall deadline: when it passes, the sockets the fetch opened are shut down
    (a recv waiting in the fetch's thread returns at once), and no new one is connected."""

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds
        self.passed = False
        self.sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut_off)
        self._timer.daemon = True

    def _cut_off(self) -> None:
        with self._lock:
            self.passed = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.passed or time.monotonic() >= self.at:
                self.passed = True
                raise FetchError(REASON_TIMEOUT)  # connected after the deadline (a slow DNS answer)

    def __enter__(self) -> _Deadline:
        self._token = _current_deadline.set(self)
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        self._timer.join()  # a cut-off under way ends before the sockets are closed
        _current_deadline.reset(self._token)


_current_deadline: ContextVar[_Deadline | None] = ContextVar("fetch_deadline", default=None)


def _guarded_socket(host: str, port: int, timeout, source_address, socket_options) -> socket.socket:
    """Resolve ``host`` once and connect only to an allowed address."""
    infos = _resolve(host, port)
    blocked = []
    last_error: OSError | None = None
    for family, socktype, proto, _canonname, sockaddr in infos:
        if not is_address_allowed(sockaddr[0]):
            blocked.append(sockaddr[0])
            continue
        sock = socket.socket(family, socktype, proto)
        try:
            for option in socket_options or ():
                sock.setsockopt(*option)
            if timeout is not None and timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            # The address we are actually talking to is the one that counts.
            peer = sock.getpeername()[0]
            if not is_address_allowed(peer):
                raise FetchError(REASON_BLOCKED, f"→ {peer}")
            deadline = _current_deadline.get()
            if deadline is not None:
                deadline.add(sock)
            return sock
        except OSError as exc:
            sock.close()
            last_error = exc
        except FetchError:
            sock.close()
            raise
    if blocked and last_error is None:
        raise FetchError(REASON_BLOCKED, _blocked_detail(host, sorted(set(blocked))))
    raise last_error or OSError(f"no address for {host}")


class _GuardedConnectionMixin:
    def _new_conn(self) -> socket.socket:
        try:
            return _guarded_socket(
                self._dns_host, self.port, self.timeout, self.source_address, self.socket_options
            )
        except TimeoutError as exc:
            raise urllib3.exceptions.ConnectTimeoutError(self, f"connect timeout to {self.host}") from exc


class GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


def _pool_manager() -> urllib3.PoolManager:
    manager = urllib3.PoolManager(num_pools=4, maxsize=1, retries=False)
    manager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}
    return manager


# --- Fetching ------------------------------------------------------------------------------------


def user_agent() -> str:
    return getattr(settings, "FEED_USER_AGENT", "SocialMediaPortal/1.0 (feed reader)")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    seconds = parse_int(value)
    if seconds is not None:
        return float(seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now if now is not None else time.time()
    return max(0.0, when.timestamp() - now)


class _Decoder:
    """Decompresses gzip/deflate chunk by chunk without ever exceeding ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int):
        encoding = (encoding or "").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        elif encoding in ("", "identity"):
            self._z = None
        else:
            raise FetchError(REASON_BAD_ENCODING, f"Content-Encoding: {encoding}")
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(REASON_TOO_LARGE, f"> {self.limit} B")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._add(chunk)
            return
        try:
            data = self._z.decompress(chunk, self.limit - self.size + 1)
            self._add(data)
            # Never let one small chunk expand into gigabytes in memory.
            while self._z.unconsumed_tail:
                data = self._z.decompress(self._z.unconsumed_tail, self.limit - self.size + 1)
                self._add(data)
        except zlib.error as exc:
            raise FetchError(REASON_BAD_ENCODING) from exc

    def finish(self) -> bytes:
        if self._z is not None:
            try:
                self._add(self._z.flush())
            except zlib.error as exc:
                raise FetchError(REASON_BAD_ENCODING) from exc
        return b"".join(self.parts)


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int | None = None,
    accept: str = "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
) -> Response:
    """GET ``url`` safely and return the final response with its whole (decoded) body.

    A 304 comes back as a ``Response`` with ``status == 304`` and no body.
    Statuses other than 200 and 304 raise ``FetchError(REASON_HTTP_STATUS)``
    with ``retry_after`` set from the Retry-After header where there is one.
    """
    timeout = timeout or settings.FEED_TIMEOUT
    max_bytes = max_bytes or settings.FEED_MAX_BYTES
    headers = {"User-Agent": user_agent(), "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    manager = _pool_manager()
    # The overall deadline holds while the headers come, too (a server can send one line every
    # few seconds, each within the read timeout), and for every redirect's connection.
    overall = _Deadline(timeout * 3)
    try:
        with overall:
            return _fetch(manager, url, headers, timeout, max_bytes, overall.at)
    except FetchError as error:
        if error.code in (REASON_CONNECTION, REASON_TIMEOUT) and time.monotonic() >= overall.at:
            raise FetchError(REASON_TIMEOUT, f"{timeout * 3:g} s") from error
        raise
    finally:
        manager.clear()


def _fetch(
    manager: urllib3.PoolManager, url: str, headers: dict, timeout: float, max_bytes: int, deadline: float
) -> Response:
    redirects: list[tuple[int, str]] = []
    permanent_url: str | None = None
    all_permanent = True
    current = url
    while True:
        check_scheme(current)
        if time.monotonic() >= deadline:
            raise FetchError(REASON_TIMEOUT)  # redirected until the deadline passed
        raw = _request(manager, current, headers, timeout)
        try:
            if raw.status in REDIRECTS and raw.headers.get("location"):
                if len(redirects) >= MAX_REDIRECTS:
                    raise FetchError(REASON_TOO_MANY_REDIRECTS, f"> {MAX_REDIRECTS}")
                target = urljoin(current, raw.headers["location"].strip())
                redirects.append((raw.status, target))
                if raw.status in PERMANENT_REDIRECTS and all_permanent:
                    permanent_url = target
                else:
                    all_permanent = False
                current = target
                # Its body unread, the connection cannot carry the next request: a redirect to
                # the same host (WordPress's /feed → /feed/) failed with "Request-sent".
                raw.close()
                continue
            response_headers = {k.lower(): v for k, v in raw.headers.items()}
            if raw.status == 304:
                return Response(304, current, response_headers, b"", permanent_url, redirects)
            if raw.status != 200:
                raise FetchError(
                    REASON_HTTP_STATUS,
                    f"HTTP {raw.status}",
                    status=raw.status,
                    retry_after=parse_retry_after(response_headers.get("retry-after")),
                )
            decoder = _Decoder(response_headers.get("content-encoding", ""), max_bytes)
            declared = parse_int(response_headers.get("content-length"))
            if declared is not None and not decoder._z and declared > max_bytes:
                raise FetchError(REASON_TOO_LARGE, f"Content-Length {declared}")
            try:
                # read1: what has arrived, at most CHUNK; read() would wait for a whole CHUNK,
                # which a server sending a byte a second delays past the deadline.
                while chunk := raw.read1(CHUNK, decode_content=False):
                    decoder.feed(chunk)
                    if time.monotonic() > deadline:
                        raise FetchError(REASON_TIMEOUT, f"{timeout * 3:g} s")
            except (urllib3.exceptions.TimeoutError, TimeoutError) as exc:
                raise FetchError(REASON_TIMEOUT, f"{timeout:g} s") from exc
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise FetchError(REASON_CONNECTION, connection_detail(exc)) from exc
            if time.monotonic() >= deadline:
                raise FetchError(REASON_TIMEOUT, f"{timeout * 3:g} s")  # cut off: the body is not whole
            body = decoder.finish()
            # The body is decoded now; don't let parsers decode it twice.
            response_headers.pop("content-encoding", None)
            return Response(200, current, response_headers, body, permanent_url, redirects)
        finally:
            raw.release_conn()


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(REASON_INVALID_URL, url[:200])
    if parts.username or parts.password:
        raise FetchError(REASON_INVALID_URL, "user:password@…")


def _request(manager: urllib3.PoolManager, url: str, headers: dict, timeout: float):
    try:
        return manager.request(
            "GET",
            url,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            decode_content=False,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
        )
    except FetchError:
        raise
    except urllib3.exceptions.LocationParseError as exc:
        raise FetchError(REASON_INVALID_URL, str(exc)) from exc
    except (urllib3.exceptions.TimeoutError, TimeoutError) as exc:
        raise FetchError(REASON_TIMEOUT, f"{timeout:g} s") from exc
    except urllib3.exceptions.HTTPError as exc:
        reason = getattr(exc, "reason", None)
        if isinstance(reason, FetchError):
            raise reason from exc
        if isinstance(reason, urllib3.exceptions.TimeoutError | TimeoutError):
            raise FetchError(REASON_TIMEOUT, f"{timeout:g} s") from exc
        raise FetchError(REASON_CONNECTION, connection_detail(exc)) from exc
    except OSError as exc:
        raise FetchError(REASON_CONNECTION, connection_detail(exc)) from exc


def connection_detail(exc: BaseException) -> str:
    """What went wrong with a connection, for people: the system's words for the innermost error
    ("Connection refused", "Connection reset by peer"), not Python's nesting of exceptions
    ("('Connection aborted.', ConnectionRefusedError(111, 'Connection refused'))")."""
    pending, seen = [exc], set()
    while pending:
        error = pending.pop(0)
        if id(error) in seen:
            continue
        seen.add(id(error))
        # Stable phrases for what urllib3 reports as Python's nesting of exceptions
        # (monitoring.models words them for people).
        if isinstance(error, http.client.RemoteDisconnected):
            return "Remote end closed connection without response"
        if isinstance(error, http.client.IncompleteRead | urllib3.exceptions.IncompleteRead):
            return "IncompleteRead"
        if isinstance(error, http.client.BadStatusLine):
            return "BadStatusLine"
        if isinstance(error, ssl.SSLError):
            return f"TLS: {error.reason or error.strerror or error}"[:300]
        if isinstance(error, OSError) and error.strerror:
            return error.strerror[:300]
        nested = [getattr(error, "reason", None), error.__cause__, error.__context__, *error.args]
        pending += [item for item in nested if isinstance(item, BaseException)]
    return str(exc)[:300]
