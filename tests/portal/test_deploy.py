"""Production settings pass Django's deployment checklist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 - fixed command
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "SECRET_KEY": "a-very-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "portal.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.com",
    "PORTAL_URL": "https://portal.example.com",
    "EMAIL_URL": "smtp+tls://portal:secret@mail.example.com:587",
}


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_a_bad_setting_stops_the_start_with_a_clear_message():
    result = run_manage("check", **PRODUCTION, DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.parametrize("variable", ["EMAIL_URL", "LANGUAGE_CODE"])
def test_unknown_values_are_refused(variable):
    result = run_manage("check", **{**PRODUCTION, variable: "klingon://x"})
    assert result.returncode != 0
    assert variable in result.stderr


@pytest.mark.parametrize(
    ("variable", "check"),
    [
        # In Docker each container generated a key of its own, and a new container a new one.
        ("SECRET_KEY", "portal.W001"),
        # Password resets went to the console: nobody could set a password.
        ("EMAIL_URL", "portal.W002"),
        # Links in e-mails led to http://localhost:8000.
        ("PORTAL_URL", "portal.W003"),
    ],
)
def test_check_deploy_warns_about_laptop_defaults(tmp_path, variable, check):
    settings = {**PRODUCTION, variable: "", "PORTAL_VAR_DIR": str(tmp_path)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **settings)
    assert result.returncode != 0
    assert f"({check}) {variable} is not set" in result.stderr
    assert result.stderr.count("portal.W") == 1


def test_an_unreachable_database_is_one_line_naming_the_variable():
    """A typo in the host was fifty lines of psycopg's connection code."""
    url = "postgres://portal:hunter2@127.0.0.1:1/portal"
    result = run_manage("migrate", **PRODUCTION, DATABASE_URL=url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Cannot connect to the database portal (DATABASE_URL)" in result.stderr
    assert "hunter2" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "postgres://portal@db:5432"),
        ("REDIS_URL", "redis://redis:6379/x"),
        ("CELERY_BROKER_URL", "redis//redis:6379/0"),
        ("DEFAULT_FROM_EMAIL", "Social Media Portal"),
        ("FEED_ALLOWED_PRIVATE_NETWORKS", "garbage"),
        ("MENTION_RETENTION_DAYS", "abc"),
    ],
)
def test_malformed_settings_stop_the_start_naming_the_variable(variable, value):
    result = run_manage("check", **PRODUCTION, **{variable: value})
    assert result.returncode == 1
    assert result.stderr.startswith(f"Configuration error: {variable}")
    assert "Traceback" not in result.stderr
