from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.lib.env import (
    ensure_dir,
    env_bool,
    env_broker_url,
    env_database,
    env_email_address,
    env_int,
    env_int_list,
    env_list,
    env_log_level,
    env_networks,
    env_path,
    env_redis_url,
    env_secret,
    load_or_create_secret_key,
    parse_email_url,
)


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("Yes", True), ("off", False), ("0", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_value_is_the_default(monkeypatch, blank):
    """SESSION_COOKIE_SECURE= in an .env file turned secure cookies off in production."""
    from portal.lib.env import env_str, env_time_zone

    monkeypatch.setenv("FLAG", blank)
    assert env_bool("FLAG", True) is True
    assert env_str("FLAG", "filesystem://") == "filesystem://"
    assert env_list("FLAG", ["localhost"]) == ["localhost"]
    assert env_secret("FLAG", "x") == "x"
    assert env_time_zone("FLAG", "Europe/Berlin") == "Europe/Berlin"


def test_a_time_zone_that_does_not_exist_names_the_variable(monkeypatch):
    from portal.lib.env import env_time_zone

    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    with pytest.raises(ImproperlyConfigured, match="TIME_ZONE must be a time zone"):
        env_time_zone("TIME_ZONE", "Europe/Berlin")


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env_bool("FLAG", True) is True


def test_env_int_checks_type_and_minimum(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 1)
    monkeypatch.setenv("N", "3")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env_int("N", 10, minimum=5)
    monkeypatch.setenv("N", "25")
    with pytest.raises(ImproperlyConfigured, match="N must be at most 23"):
        env_int("N", 8, maximum=23)


def test_env_int_list_reads_numbers_and_refuses_words(monkeypatch):
    monkeypatch.delenv("DAYS", raising=False)
    assert env_int_list("DAYS", [7, 1]) == [7, 1]
    monkeypatch.setenv("DAYS", "14, 3,0")
    assert env_int_list("DAYS", [7]) == [14, 3, 0]
    monkeypatch.setenv("DAYS", "7,tomorrow")
    with pytest.raises(ImproperlyConfigured, match="DAYS must be whole numbers"):
        env_int_list("DAYS", [7])
    monkeypatch.setenv("DAYS", "3,-1")
    with pytest.raises(ImproperlyConfigured, match="DAYS must be at least 0, got -1"):
        env_int_list("DAYS", [7], minimum=0)


def test_blank_paths_are_the_default_never_the_current_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("SOME_DIR", "  ")
    assert env_path("SOME_DIR", tmp_path) == tmp_path
    monkeypatch.setenv("SOME_DIR", "/srv/portal")
    assert str(env_path("SOME_DIR", tmp_path)) == "/srv/portal"


def test_networks_are_checked_when_the_portal_starts(monkeypatch):
    monkeypatch.setenv("NETS", "10.0.0.0/8, fd00::/8,192.168.1.7")
    assert env_networks("NETS") == ["10.0.0.0/8", "fd00::/8", "192.168.1.7"]
    monkeypatch.setenv("NETS", "10.0.0.0/8,banana")
    with pytest.raises(ImproperlyConfigured, match="NETS must be networks.*'banana'"):
        env_networks("NETS")


def test_log_level_in_any_case(monkeypatch):
    monkeypatch.setenv("LEVEL", "debug")
    assert env_log_level("LEVEL") == "DEBUG"
    monkeypatch.setenv("LEVEL", "chatty")
    with pytest.raises(ImproperlyConfigured, match="LEVEL must be DEBUG"):
        env_log_level("LEVEL")


@pytest.mark.parametrize(
    "url",
    ["not a url", "postgres://u:p@host:notaport/db", "nosuchdb://host/name", "://", "mysql://db/portal"],
)
def test_database_url_errors_name_the_variable(monkeypatch, url):
    monkeypatch.setenv("DB", url)
    with pytest.raises(ImproperlyConfigured, match="DB is not a database URL"):
        env_database("DB", "sqlite:///x.sqlite3")


def test_a_database_url_without_the_database_names_the_variable(monkeypatch):
    """Django only failed at the first query, about "settings.DATABASES"."""
    monkeypatch.setenv("DB", "postgres://portal:secret@db:5432")
    with pytest.raises(ImproperlyConfigured, match="DB names no database"):
        env_database("DB", "sqlite:///x.sqlite3")


def test_database_url_errors_do_not_show_the_password(monkeypatch):
    monkeypatch.setenv("DB", "mysql://portal:hunter2@db:3306/portal")
    with pytest.raises(ImproperlyConfigured) as error:
        env_database("DB", "sqlite:///x.sqlite3")
    assert "hunter2" not in str(error.value)
    assert "mysql://portal:…@db:3306/portal" in str(error.value)


def test_blank_database_url_is_the_default(monkeypatch):
    monkeypatch.setenv("DB", "")
    assert env_database("DB", "sqlite:////srv/x.sqlite3")["NAME"] == "/srv/x.sqlite3"
    monkeypatch.setenv("DB", "postgres://portal@db:5432/portal")
    assert env_database("DB", "sqlite:///x")["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    "url",
    [
        "garbage",
        "http://localhost:6379",
        "redis://localhost:port/0",
        "redis://a:6379,redis://b:6379",
        "redis://a;redis://b",
        "redis://localhost:6379/x",  # the cache took it for database 0, Celery refused every task
        "redis://:secret@localhost:6379/0/",
    ],
)
def test_redis_url_errors_name_the_variable(monkeypatch, url):
    monkeypatch.setenv("REDIS", url)
    with pytest.raises(ImproperlyConfigured, match="REDIS") as error:
        env_redis_url("REDIS")
    assert "secret" not in str(error.value)


def test_redis_urls(monkeypatch):
    for url in (
        "redis://localhost:6379/0",
        "rediss://:secret@cache.example.com:6380/1",
        "unix:///run/redis.sock",
        "redis://localhost:6379",
        "redis://localhost/",
    ):
        monkeypatch.setenv("REDIS", url)
        assert env_redis_url("REDIS") == url


def test_env_list_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , ,b.example,")
    assert env_list("HOSTS") == ["a.example", "b.example"]
    monkeypatch.delenv("HOSTS")
    assert env_list("HOSTS", ["x"]) == ["x"]


def test_env_secret_prefers_the_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("TOKEN", "from-env")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_secret("TOKEN") == "from-file"
    monkeypatch.setenv("TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="TOKEN_FILE"):
        env_secret("TOKEN")


def test_unwritable_secret_key_place_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(ImproperlyConfigured, match="set SECRET_KEY, or PORTAL_VAR_DIR"):
        load_or_create_secret_key(tmp_path / "file" / "var" / "secret_key")


def test_secret_key_is_created_once_and_kept(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = load_or_create_secret_key(path)
    assert len(first) >= 50
    assert load_or_create_secret_key(path) == first


def test_email_url_smtp_with_starttls():
    config = parse_email_url("smtp+tls://user%40corp:p%40ss@mail.example.com?timeout=7")
    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "user@corp",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 7,
    }


def test_email_url_console_and_errors():
    assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="scheme"):
        parse_email_url("pigeon://coop")
    with pytest.raises(ImproperlyConfigured, match="host"):
        parse_email_url("smtp://")


@pytest.mark.parametrize("url", ["foo", "ftp://host.example", "https://", "https://host:99999"])
def test_an_address_that_is_none_names_the_variable(monkeypatch, url):
    """OIDC_SERVER_URL=notaurl started, and signing in with SSO was a 500."""
    from portal.lib.env import env_http_url

    monkeypatch.setenv("PORTAL_URL", url)
    with pytest.raises(ImproperlyConfigured, match="PORTAL_URL"):
        env_http_url("PORTAL_URL")


def test_allowed_domains_are_domains(monkeypatch):
    from portal.lib.env import env_domains

    monkeypatch.setenv("ACCOUNT_ALLOWED_DOMAINS", "@Example.com, straße.de, xn--p1ai, intranet")
    assert env_domains("ACCOUNT_ALLOWED_DOMAINS") == ["example.com", "straße.de", "xn--p1ai", "intranet"]
    monkeypatch.setenv("ACCOUNT_ALLOWED_DOMAINS", "not a domain")
    with pytest.raises(ImproperlyConfigured, match="ACCOUNT_ALLOWED_DOMAINS"):
        env_domains("ACCOUNT_ALLOWED_DOMAINS")


@pytest.mark.parametrize(
    "url", ["garbage", "redis//localhost:6379/0", "redis://localhost/x", "amqp://a;nope"]
)
def test_broker_url_errors_name_the_variable(monkeypatch, url):
    """kombu read "garbage" as an AMQP server and every task waited for it."""
    monkeypatch.setenv("BROKER", url)
    with pytest.raises(ImproperlyConfigured, match="BROKER"):
        env_broker_url("BROKER", "")


def test_broker_urls(monkeypatch):
    assert env_broker_url("BROKER", "redis://redis:6379/0") == "redis://redis:6379/0"
    assert env_broker_url("BROKER", "") == ""
    for url in ("amqp://guest:guest@mq:5672//;amqp://mq2//", "filesystem://localhost/", "sqs://"):
        monkeypatch.setenv("BROKER", url)
        assert env_broker_url("BROKER", "") == url


@pytest.mark.parametrize("value", ["not an address", "Portal <portal>", "portal@", "Portal <a@b@c>"])
def test_a_sender_that_is_no_address_names_the_variable(monkeypatch, value):
    """Every e-mail failed at sending, each logged without naming the setting."""
    monkeypatch.setenv("FROM", value)
    with pytest.raises(ImproperlyConfigured, match="FROM must be an address"):
        env_email_address("FROM", "portal@localhost")


def test_senders(monkeypatch):
    assert env_email_address("FROM", "Social Media Portal <portal@localhost>").endswith("<portal@localhost>")
    for value in (
        "portal@example.com",
        '"Portal, Social Media" <portal@example.com>',
        "Pörtal <p@straße.de>",
    ):
        monkeypatch.setenv("FROM", value)
        assert env_email_address("FROM", "") == value


def test_a_folder_that_cannot_be_made_names_the_variables(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(ImproperlyConfigured, match="set STATIC_ROOT or PORTAL_VAR_DIR to a writable"):
        ensure_dir(tmp_path / "file" / "static", "STATIC_ROOT", "PORTAL_VAR_DIR")
    assert ensure_dir(tmp_path / "a" / "b", "X").is_dir()
