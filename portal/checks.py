"""The portal's own entries in ``manage.py check --deploy``."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

from portal.lib.env import env_secret


@register(Tags.security, deploy=True)
def check_secret_key_is_set(app_configs, **kwargs) -> list[CheckWarning]:
    """The key generated into PORTAL_VAR_DIR suits a laptop, not a server.

    Each Docker container made its own, and a new container (every upgrade) a new one:
    everybody was signed out and the password reset links on their way stopped working.
    """
    if env_secret("SECRET_KEY"):
        return []
    return [
        CheckWarning(
            "SECRET_KEY is not set: the portal uses a key it generated in "
            f"{settings.VAR_DIR / 'secret_key'}, which other containers or servers do not share "
            "and a new container replaces (everybody is signed out, reset links stop working).",
            hint='Set SECRET_KEY (or SECRET_KEY_FILE), e.g. to: python3 -c "import secrets; '
            'print(secrets.token_urlsafe(50))"',
            id="portal.W001",
        )
    ]
