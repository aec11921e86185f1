"""The portal's own entries in ``manage.py check --deploy``: defaults that suit a laptop only."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

from portal.lib.env import env_secret, env_str


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs) -> list[CheckWarning]:
    warnings = []
    if not env_secret("SECRET_KEY"):
        # Each Docker container made its own, and a new container (every upgrade) a new one.
        warnings.append(
            CheckWarning(
                "SECRET_KEY is not set: the portal uses a key it generated in "
                f"{settings.VAR_DIR / 'secret_key'}, which other containers or servers do not "
                "share and a new container replaces (everybody is signed out, reset links stop working).",
                hint='Set SECRET_KEY (or SECRET_KEY_FILE), e.g. to: python3 -c "import secrets; '
                'print(secrets.token_urlsafe(50))"',
                id="portal.W001",
            )
        )
    if not env_str("EMAIL_URL"):
        warnings.append(
            CheckWarning(
                "EMAIL_URL is not set: e-mails (password resets, reminders, digests) are only "
                "printed to the log, nobody receives them.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:password@mail.example.com:587",
                id="portal.W002",
            )
        )
    if not env_str("PORTAL_URL"):
        warnings.append(
            CheckWarning(
                f"PORTAL_URL is not set: links in e-mails and calendar feeds point to {settings.PORTAL_URL}.",
                hint="Set PORTAL_URL to the address people use, e.g. https://portal.example.com",
                id="portal.W003",
            )
        )
    return warnings
