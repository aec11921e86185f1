"""Server-side request forgery: internal addresses are never fetched, however they are reached."""

from __future__ import annotations

import socket

import pytest

from monitoring.models import Source
from monitoring.tasks import poll_source
from portal.lib import http
from tests.monitoring.conftest import feed

pytestmark = pytest.mark.django_db


def poll(source: Source) -> Source:
    poll_source.delay(source.pk)
    source.refresh_from_db()
    return source


@pytest.fixture
def nothing_allowed(settings):
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = []


@pytest.fixture
def fake_dns(monkeypatch):
    """Map host names to addresses, as a hostile DNS server would."""
    answers: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


BLOCKED_URLS = [
    "http://127.0.0.1/feed",
    "http://127.1.2.3/feed",
    "http://localhost/feed",
    "http://[::1]/feed",
    "http://10.0.0.5/feed",
    "http://172.16.3.4/feed",
    "http://192.168.1.1/feed",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/feed",
    "http://[fc00::1]/feed",
    "http://224.0.0.1/feed",
    "http://[ff02::1]/feed",
    "http://240.0.0.1/feed",
    "http://0.0.0.0/feed",
    "http://100.64.0.1/feed",
    "http://[::ffff:127.0.0.1]/feed",
    "http://[::ffff:169.254.169.254]/feed",
    "http://2130706433/feed",  # 127.0.0.1 as one number
    "http://0x7f.1/feed",
]


@pytest.mark.usefixtures("nothing_allowed")
@pytest.mark.parametrize("url", BLOCKED_URLS)
def test_internal_addresses_are_refused_and_recorded(source_for, url):
    source = poll(source_for(url))
    assert source.last_error_code in (Source.Error.BLOCKED, Source.Error.DNS), source.last_error
    assert source.consecutive_errors == 1
    assert source.mentions.count() == 0


@pytest.mark.usefixtures("nothing_allowed")
@pytest.mark.parametrize("address", ["10.1.2.3", "127.0.0.1", "169.254.169.254", "::1", "fd12::1"])
def test_dns_names_resolving_to_internal_addresses_are_refused(source_for, fake_dns, address):
    fake_dns["feeds.innocent.example"] = [address]
    source = poll(source_for("http://feeds.innocent.example/feed.xml"))
    assert source.last_error_code == Source.Error.BLOCKED
    assert address in source.last_error_detail


def test_the_address_actually_connected_to_is_checked(settings, fake_dns, httpserver, monkeypatch):
    """Even if the name resolved to an allowed address, the peer of the socket is checked."""
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    httpserver.expect_request("/feed.xml").respond_with_data(feed("rss20.xml"))
    real_getpeername = socket.socket.getpeername
    monkeypatch.setattr(socket.socket, "getpeername", lambda self: ("10.9.9.9", real_getpeername(self)[1]))
    with pytest.raises(http.FetchError) as error:
        http.fetch(httpserver.url_for("/feed.xml"))
    assert error.value.code == http.REASON_BLOCKED
    assert "10.9.9.9" in error.value.detail


def test_redirects_to_internal_addresses_are_refused(settings, httpserver, source_for):
    # The feed server itself (127.0.0.1) is allowed; where it redirects is not.
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    for path, target in [
        ("/meta", "http://169.254.169.254/latest/meta-data/"),
        ("/loop", "http://127.0.0.2:8080/admin"),
        ("/v6", "http://[::1]/"),
        ("/private", "http://10.0.0.1/feed"),
        ("/file", "file:///etc/passwd"),
    ]:
        httpserver.expect_request(path).respond_with_data("", status=302, headers={"Location": target})
        source = poll(source_for(httpserver.url_for(path)))
        assert source.last_error_code in (Source.Error.BLOCKED, Source.Error.INVALID_URL), (
            path,
            source.last_error,
        )
        assert source.mentions.count() == 0


def test_redirect_through_a_dns_name_to_an_internal_address_is_refused(
    settings, httpserver, source_for, fake_dns
):
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.1/32"]
    fake_dns["metadata.attacker.example"] = ["169.254.169.254"]
    httpserver.expect_request("/feed").respond_with_data(
        "", status=301, headers={"Location": "http://metadata.attacker.example/latest/"}
    )
    source = poll(source_for(httpserver.url_for("/feed")))
    assert source.last_error_code == Source.Error.BLOCKED
    assert source.url == httpserver.url_for("/feed")  # a refused redirect moves nothing


@pytest.mark.usefixtures("nothing_allowed")
def test_local_test_server_itself_is_refused_without_an_allowance(httpserver, source_for):
    httpserver.expect_request("/feed.xml").respond_with_data(feed("rss20.xml"))
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    assert source.last_error_code == Source.Error.BLOCKED
    assert len(httpserver.log) == 0  # not even connected


def test_allowed_private_networks_let_intranet_feeds_through(settings, httpserver, source_for):
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.0/8", "10.0.0.0/8"]
    httpserver.expect_request("/feed.xml").respond_with_data(feed("rss20.xml"))
    source = poll(source_for(httpserver.url_for("/feed.xml")))
    assert source.last_error_code == ""
    assert source.mentions.count() == 3


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://ftp.example.com/feed", "gopher://x/", "http://user:pw@example.com/"]
)
def test_other_schemes_and_credentials_are_refused(source_for, url):
    source = poll(source_for(url))
    assert source.last_error_code == Source.Error.INVALID_URL


@pytest.mark.usefixtures("nothing_allowed")
def test_address_rules():
    assert http.is_address_allowed("93.184.216.34")
    assert http.is_address_allowed("2606:2800:220:1:248:1893:25c8:1946")
    unspecified = "0.0.0.0"  # noqa: S104 - refused, not bound
    for address in ["127.0.0.1", "::1", "10.0.0.1", "169.254.169.254", "fe80::1", "224.0.0.1", "ff02::1",
                    "::ffff:10.0.0.1", "2002:7f00:1::1", unspecified, "255.255.255.255", "192.0.2.1",
                    # NAT64 of loopback and metadata, local-use NAT64, IPv6 site-local, the IPv4
                    # dummy address: not global, though older Pythons' tables say so.
                    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "fec0::1", "192.0.0.8"]:  # fmt: skip
        assert not http.is_address_allowed(address), address
    assert http.is_address_allowed("64:ff9b::5db8:d822")  # NAT64 of a public address


# --- Intranet hosts without a dot: the form takes them, the guard decides -----------------------


@pytest.fixture
def comms_admin(client, comms):
    client.force_login(comms)
    return client


def _add_source(client, url: str, **extra):
    from django.urls import reverse

    form = {"name": "Intranet", "url": url, "kind": "news", "poll_interval": 15, "active": "on"}
    return client.post(
        reverse("admin:monitoring_source_add"), {**form, **extra}, **{"HTTP_ACCEPT_LANGUAGE": "en"}
    )


def test_an_intranet_host_without_a_dot_is_added_where_its_network_is_allowed(
    comms_admin, serve, fake_dns, settings
):
    """ "http://newsroom:8080/rss" was "Enter a valid URL." whatever FEED_ALLOWED_PRIVATE_NETWORKS said."""
    fake_dns["newsroom"] = ["127.0.0.1"]
    settings.FEED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.0/8"]
    url = serve("rss20.xml").replace("localhost", "newsroom").replace("127.0.0.1", "newsroom")
    assert "//newsroom:" in url
    response = _add_source(comms_admin, url)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Source.objects.get().url == url


@pytest.mark.usefixtures("nothing_allowed")
@pytest.mark.parametrize("url", ["https://intranet/feed", "http://newsroom:8080/rss"])
def test_an_intranet_host_without_a_dot_is_still_refused_by_the_address_guard(comms_admin, fake_dns, url):
    fake_dns["intranet"] = ["10.1.2.3"]
    fake_dns["newsroom"] = ["192.168.7.8"]
    response = _add_source(comms_admin, url, skip_trial_fetch="on")
    assert response.status_code == 200
    assert "Address not allowed (internal network)" in response.text
    assert "Enter a valid URL" not in response.text
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    "url", ["ftp://example.com/feed", "gopher://example.com/feed", "ftps://example.com/x"]
)
def test_other_schemes_are_refused_saying_only_http_and_https_work(comms_admin, url):
    response = _add_source(comms_admin, url, skip_trial_fetch="on")
    assert response.status_code == 200
    assert "Only addresses beginning with http:// or https:// can be polled." in response.text
    assert "Invalid URL" not in response.text
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", ["https://news.example:0/feed", "https://news.example:99999/feed"])
def test_a_port_no_server_can_listen_on_is_refused_saying_which_ports_there_are(comms_admin, url):
    response = _add_source(comms_admin, url, skip_trial_fetch="on")
    assert response.status_code == 200
    assert "A port is a number from 1 to 65535." in response.text
    assert not Source.objects.exists()
    response = _add_source(comms_admin, "https://news.example:65535/feed", skip_trial_fetch="on")
    assert Source.objects.get().url == "https://news.example:65535/feed"


@pytest.mark.parametrize("url", ["https://2130706433/feed", "http://0x7f000001/feed"])
def test_a_number_as_the_host_is_still_no_host_name(comms_admin, url):
    """A single label that reads as a number is an IPv4 address in disguise (127.0.0.1)."""
    response = _add_source(comms_admin, url, skip_trial_fetch="on")
    assert response.status_code == 200
    assert not Source.objects.exists()


def test_opml_import_takes_intranet_hosts_without_a_dot(comms_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    body = (
        b'<?xml version="1.0"?><opml version="2.0"><body>'
        b'<outline text="Intranet" xmlUrl="https://intranet/feed"/>'
        b'<outline text="Newsroom" xmlUrl="http://newsroom:8080/rss"/>'
        b'<outline text="FTP" xmlUrl="ftp://example.com/feed"/>'
        b"</body></opml>"
    )
    upload = SimpleUploadedFile("feeds.opml", body, content_type="text/x-opml")
    comms_admin.post(reverse("admin:monitoring_source_import"), {"file": upload, "kind": "news"})
    assert sorted(Source.objects.values_list("url", flat=True)) == [
        "http://newsroom:8080/rss",
        "https://intranet/feed",
    ]
