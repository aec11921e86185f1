"""Typed readers for configuration from environment variables.

Every reader raises ImproperlyConfigured on a value it cannot understand, so a
typo in production configuration stops the start instead of silently falling
back to a default. A blank value counts as unset (``SESSION_COOKIE_SECURE=`` in
an .env file is the default, not "off").
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    """The variable's value, or None if it is unset or blank."""
    raw = os.environ.get(name)
    return raw if raw is not None and raw.strip() else None


def env_str(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_path(name: str, default: Path) -> Path:
    """A directory or file path; blank counts as unset (never the current directory)."""
    raw = os.environ.get(name, "").strip()
    return Path(raw) if raw else default


def ensure_dir(path: Path, *names: str) -> Path:
    """Create a folder, or say which variables choose it when it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(
            f"{path} cannot be created ({error.strerror}): set {' or '.join(names)} to a writable directory"
        ) from None
    return path


def _in_range(name: str, value: int, minimum: int | None, maximum: int | None) -> int:
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {value}")
    return value


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    return _in_range(name, value, minimum, maximum)


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks around items and empty items are dropped."""
    raw = _raw(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int_list(name: str, default: list[int], *, minimum: int | None = None) -> list[int]:
    """A comma-separated list of whole numbers, e.g. reminder offsets ``7,1,0``."""
    items = env_list(name)
    if _raw(name) is None:
        return list(default)
    try:
        values = [int(item) for item in items]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be whole numbers separated by commas, got {os.environ[name]!r}"
        ) from None
    return [_in_range(name, value, minimum, None) for value in values]


def env_networks(name: str) -> list[str]:
    """A comma-separated list of networks in CIDR notation (``10.0.0.0/8, fd00::/8``)."""
    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be networks such as 10.0.0.0/8 separated by commas, got {network!r}"
            ) from None
    return networks


def env_log_level(name: str, default: str = "INFO") -> str:
    raw = os.environ.get(name, "").strip().upper() or default
    if not isinstance(logging.getLevelName(raw), int):
        raise ImproperlyConfigured(f"{name} must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {raw!r}")
    return raw


# The portal runs on PostgreSQL (SQLite to try it out); dj-database-url knows many more, and
# mysql:// started, to fail at the first query with "Error loading MySQLdb module".
_DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")


def env_database(name: str, default: str, **options) -> dict:
    """Django's database settings from a URL such as ``postgres://user:password@host:5432/name``."""
    import dj_database_url

    url = os.environ.get(name, "").strip() or default
    example = "postgres://user:password@host:5432/portal"
    scheme = url.partition("://")[0] if "://" in url else ""
    if scheme not in _DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} is not a database URL such as {example} (PostgreSQL; sqlite:///… to try "
            f"the portal out), got {_without_password(url)!r}"
        )
    try:
        config = dj_database_url.parse(url, **options)
    except (ValueError, dj_database_url.UnknownSchemeError) as error:
        raise ImproperlyConfigured(f"{name} is not a database URL such as {example}: {error}") from None
    if not config.get("NAME") and not config.get("OPTIONS", {}).get("service"):
        # Django only complains at the first query, about "settings.DATABASES".
        raise ImproperlyConfigured(f"{name} names no database: it ends in its name, as in {example}")
    return config


def _without_password(url: str) -> str:
    """The URL for an error message: logs are no place for the database's or Redis's password."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1…@", url)


_REDIS_SCHEMES = ("redis", "rediss", "unix")


def env_redis_url(name: str) -> str:
    """A Redis URL (``redis://host:6379/0``, ``rediss://`` with TLS, ``unix://``) or empty."""
    url = os.environ.get(name, "").strip()
    if not url:
        return url
    if re.search(r"[,;]", url):
        # Celery reads "a,b" as one server and Django's cache "a;b" as a writer and a replica.
        raise ImproperlyConfigured(
            f"{name} takes one server: it is the broker and the cache (CELERY_BROKER_URL may differ)"
        )
    return _checked_redis_url(name, url)


def _checked_redis_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    shown = _without_password(url)
    try:
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port: {shown!r}") from None
    if parts.scheme not in _REDIS_SCHEMES or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(f"{name} must be a URL such as redis://localhost:6379/0, got {shown!r}")
    if parts.scheme != "unix" and not re.fullmatch(r"/?\d*", parts.path):
        # The cache took redis://host/x for database 0, and Celery refused it at every task.
        raise ImproperlyConfigured(
            f"{name} ends in a database number, as in redis://localhost:6379/0, got {shown!r}"
        )
    return url


def env_broker_url(name: str, default: str) -> str:
    """Celery's broker: one URL, or several separated by ";" (tried in turn), of a kombu transport."""
    from kombu.transport import TRANSPORT_ALIASES

    urls = env_str(name, default).strip()
    for url in filter(None, (part.strip() for part in urls.split(";"))):
        scheme = url.partition("://")[0] if "://" in url else ""
        if scheme.partition("+")[0] not in TRANSPORT_ALIASES:
            # kombu read "redis//host" as the AMQP server "dis", and every task waited for it.
            raise ImproperlyConfigured(
                f"{name} must be a URL such as redis://localhost:6379/0, got {_without_password(url)!r}"
            )
        if scheme in ("redis", "rediss"):
            _checked_redis_url(name, url)
    return urls


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {exc}") from None
    return env_str(name, default)


def env_http_url(name: str, default: str = "") -> str:
    """An http(s) address with a host (``https://portal.example.com``), or the default."""
    url = env_str(name, default).strip()
    if not url:
        return url
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port: {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must be an address such as https://host.example.com, got {url!r}")
    return url


# Labels of letters, digits and inner hyphens ("intranet", "example.com", "xn--p1ai").
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def env_domains(name: str) -> list[str]:
    """A comma-separated list of e-mail domains (``example.com, example.de``; a leading @ is fine)."""
    domains = [item.lower().lstrip("@") for item in env_list(name)]
    for domain in domains:
        try:
            ascii_form = domain.encode("idna").decode("ascii")  # "straße.de" is a domain too
        except UnicodeError:
            ascii_form = ""
        if not _DOMAIN.match(ascii_form):
            raise ImproperlyConfigured(f"{name} must be domains such as example.com, got {domain!r}")
    return domains


def env_email_address(name: str, default: str) -> str:
    """A sender such as ``Social Media Portal <portal@example.com>`` or ``portal@example.com``."""
    from email.utils import parseaddr

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = env_str(name, default).strip()
    try:
        validate_email(parseaddr(value)[1])
    except ValidationError:
        # Every e-mail failed at sending, each one logged, none of them with the setting's name.
        raise ImproperlyConfigured(
            f"{name} must be an address such as Social Media Portal <portal@example.com>, got {value!r}"
        ) from None
    return value


def env_time_zone(name: str, default: str) -> str:
    """An IANA time zone such as Europe/Berlin."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    value = env_str(name, default).strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone such as Europe/Berlin, got {value!r}"
        ) from None
    return value


_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url: str) -> dict[str, object]:
    """Turn ``smtp+tls://user:password@host:587`` into Django's EMAIL_* settings.

    Schemes: smtp, smtp+tls (STARTTLS), smtp+ssl (implicit TLS), console,
    locmem, dummy. ``?timeout=10`` sets EMAIL_TIMEOUT.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _EMAIL_BACKENDS:
        known = ", ".join(sorted(_EMAIL_BACKENDS))
        raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not one of: {known}")
    config: dict[str, object] = {"EMAIL_BACKEND": _EMAIL_BACKENDS[scheme]}
    if not scheme.startswith("smtp"):
        return config
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL needs a host, e.g. smtp://mail.example.com:25")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has an invalid port") from None
    default_port = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[scheme]
    config.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port or default_port,
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_TLS=scheme == "smtp+tls",
        EMAIL_USE_SSL=scheme == "smtp+ssl",
    )
    timeout = parse_qs(parts.query).get("timeout")
    if timeout:
        try:
            config["EMAIL_TIMEOUT"] = int(timeout[0])
        except ValueError:
            raise ImproperlyConfigured("EMAIL_URL timeout must be a whole number") from None
    return config


def load_or_create_secret_key(path: Path) -> str:
    """A random key kept in a file, for installations that do not set SECRET_KEY.

    Production sets SECRET_KEY (or SECRET_KEY_FILE); the quick start gets a
    strong key that survives restarts without anybody having to make one up.
    """
    from django.core.management.utils import get_random_secret_key

    try:
        try:
            return path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            pass
        key = get_random_secret_key()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # "x" mode: if another process created it first, use theirs.
            with path.open("x", encoding="utf-8") as handle:
                handle.write(key)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
        path.chmod(0o600)
        return key
    except OSError as error:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set and {path} cannot be used ({error.strerror}): "
            "set SECRET_KEY, or PORTAL_VAR_DIR to a writable directory"
        ) from None
