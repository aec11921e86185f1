"""E-mail to people in their own language, as HTML with a plain-text part."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """``path`` on the portal's public address (PORTAL_URL), for e-mails and feeds."""
    return settings.PORTAL_URL + path


def own_language(user) -> str:
    """The language ``user`` reads the portal in: their profile's, or else (following the
    browser's) the one they last used it in (User.remember_language); "" for neither."""
    return getattr(user, "preferred_language", "") or getattr(user, "last_used_language", "")


def language_of(user) -> str:
    """The language to write to ``user`` in: their own, or else the portal's."""
    return own_language(user) or settings.LANGUAGE_CODE


def subject_prefix() -> str:
    """What every e-mail's subject starts with: ACCOUNT_EMAIL_SUBJECT_PREFIX, or else the
    portal's name in brackets in the active language (the mail's)."""
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    return f"[{_('Social Media Portal')}] " if prefix is None else prefix


def send_mail_to(user, template: str, context: dict | None = None) -> None:
    """Send ``template`` to ``user`` in their language.

    Renders ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``
    (e.g. ``training/email/reminder``) with ``user`` and ``context``.
    """
    send_mail_to_address(user.email, language_of(user), template, {"user": user, **(context or {})})


def notify(recipient, template: str, context: dict | None = None) -> bool:
    """Send a notification that must not undo or fail what caused it: a mail server refusing
    one recipient is logged, and the others still get theirs. Whether it went.

    ``recipient`` is a user (mailed in their language) or an address (in the portal's).
    """
    try:
        if isinstance(recipient, str):
            context = {"user": None, **(context or {})}
            send_mail_to_address(recipient, settings.LANGUAGE_CODE, template, context)
        else:
            send_mail_to(recipient, template, context)
    except Exception:
        logger.exception("E-mail %s to %s failed", template, getattr(recipient, "pk", "an address"))
        return False
    return True


def tidy_text(text: str) -> str:
    """A plain-text mail as it reads: template tags that showed nothing (an optional line, a
    part for another case) left runs of empty lines, and empty lines after the last word."""
    lines = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines) + "\n"


def send_mail_to_address(address: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        # One line: a line break (\r too, from a question's subject, say) would make it no valid header.
        subject = subject_prefix() + " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = tidy_text(render_to_string(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[address],
    )
    message.attach_alternative(html, "text/html")
    message.send()
