"""The e-mail a new account's owner gets: where the portal is and how to sign in the first time.

HR creates accounts without a password (setting one would be signing in as
the person), so the mail carries allauth's own password-reset link: the
owner chooses a password and is signed in. With single sign-on only, it says
where to sign in instead. The link expires like any reset link
(``PASSWORD_RESET_TIMEOUT``); HR can send a fresh one from the user list.
"""

from __future__ import annotations

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from portal.lib.mail import absolute_url, notify


def set_password_url(user) -> str:
    """allauth's reset link for ``user``: valid until they set a password or sign in, or it expires."""
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": token}
    )
    return absolute_url(path)


def single_sign_on_name() -> str:
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return apps[0]["name"] if apps else ""


def send_invitation(user) -> bool:
    """Mail ``user`` the way in; whether it went (a refusing mail server is logged, not raised)."""
    context = {
        "login_url": absolute_url(reverse("account_login")),
        "sso_name": single_sign_on_name(),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    if not settings.SOCIALACCOUNT_ONLY:
        context["set_password_url"] = set_password_url(user)
    return notify(user, "portal/email/invitation", context)
