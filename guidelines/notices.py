"""E-mail asking everybody to confirm a version published as "requires acknowledgement again".

Without it, people learnt of the new version only when they next opened the portal's start page.
Sent by a Celery task once the publishing has committed (thousands of mails); each person once
per version (``AcknowledgementRequest``, inserted in the sending transaction), so running the
task twice, or concurrently, asks nobody twice. Whoever confirmed meanwhile is not asked.
"""

from __future__ import annotations

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from guidelines.models import AcknowledgementRequest, GuidelineVersion, users_with_acknowledgement
from portal.lib.mail import absolute_url, send_mail_to
from portal.models import User

logger = logging.getLogger(__name__)


def ask_to_acknowledge(version_id: int) -> int:
    """Ask every active person not up to date with ``version`` to confirm it; returns how many
    were asked. Nobody, if a later version asks instead (its own task does) or it was taken back."""
    version = GuidelineVersion.objects.filter(pk=version_id).first()
    if version is None or GuidelineVersion.objects.acknowledgement_baseline() != version:
        return 0
    people = users_with_acknowledgement(User.objects.filter(is_active=True), version).filter(
        acknowledged=False
    )
    asked = AcknowledgementRequest.objects.filter(version=version, user=OuterRef("pk"))
    context = {
        "version": version,
        "url": absolute_url(reverse("guidelines:index")),
        "changes_url": absolute_url(reverse("guidelines:compare", args=[version.number - 1, version.number]))
        if version.number > 1
        else "",
    }
    sent = 0
    for person in people.exclude(Exists(asked)).order_by("pk").iterator(chunk_size=500):
        try:
            with transaction.atomic():
                AcknowledgementRequest.objects.create(user=person, version=version)
                send_mail_to(person, "guidelines/email/acknowledge", context)
        except IntegrityError:
            continue  # another run asked them
        except SoftTimeLimitExceeded:
            raise  # out of time: the task goes on in a new run (tasks.ask_to_acknowledge)
        except Exception:
            # One broken address never stops the others; the start page asks them anyway.
            logger.exception("Asking user %s to acknowledge version %s failed", person.pk, version.number)
            continue
        sent += 1
    return sent
