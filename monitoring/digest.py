"""The weekly digest: the past week's most relevant mentions by e-mail, once per person and week.

Relevance: mentions naming more tracked keywords first, then the newest.
A ``DigestDelivery`` row (unique per person and ISO week) is written in the
same transaction as the mail is handed over, so a second run of the task in
the same week sends nothing, and a failed send is retried next run.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from monitoring.models import DigestDelivery, Mention
from portal.lib.mail import absolute_url, send_mail_to

logger = logging.getLogger(__name__)

DIGEST_SIZE = 10


def week_of(moment: datetime) -> date:
    """The Monday of ``moment``'s ISO week (local time)."""
    day = timezone.localdate(moment)
    return day - timedelta(days=day.weekday())


def digest_mentions(now: datetime) -> list[Mention]:
    return list(
        Mention.objects.filter(published_at__gte=now - timedelta(days=7), published_at__lte=now)
        .select_related("source")
        .annotate(keyword_count=Count("keywords"))
        .order_by("-keyword_count", "-published_at", "-id")[:DIGEST_SIZE]
    )


def send_weekly_digests(now: datetime | None = None) -> int:
    """Send this week's digest to everyone who wants it and has not had it; returns how many went."""
    now = now or timezone.now()
    mentions = digest_mentions(now)
    if not mentions:
        return 0
    week = week_of(now)
    already = DigestDelivery.objects.filter(week=week).values("user_id")
    recipients = (
        get_user_model()
        .objects.filter(is_active=True, mention_digest=True)
        .exclude(email="")
        .exclude(pk__in=already)
        .order_by("pk")
    )
    context = {
        "mentions": [
            (mention, absolute_url(reverse("monitoring:detail", args=[mention.pk]))) for mention in mentions
        ],
        "week": week,
        "list_url": absolute_url(reverse("monitoring:index")),
        "profile_url": absolute_url(reverse("profile")),
    }
    sent = 0
    for user in recipients.iterator():
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(user=user, week=week, sent_at=now)
                send_mail_to(user, "monitoring/email/digest", context)
        except IntegrityError:
            continue  # another run got there first
        except Exception:
            logger.exception("Weekly digest to user %s failed; retried on the next run", user.pk)
            continue
        sent += 1
    return sent
