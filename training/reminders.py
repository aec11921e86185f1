"""Notices of new assignments, reminder e-mails before and after each person's due date, and the
weekly HR digest.

A person hears of a training when it is assigned to them (a campaign, joining late, a renewal
round opening), not only a week before it is due. Each notice and reminder is sent exactly once:
its ``SentReminder`` row is inserted in the same transaction that sends the mail. A second or
concurrent run cannot insert the row again (unique constraint) and so sends nothing; a failed
send rolls the row back and the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from portal.lib.mail import absolute_url, language_of, send_mail_to
from portal.models import Department
from portal.roles import Role, members
from training.models import Assignment, Module, SentDigest, SentReminder

logger = logging.getLogger(__name__)


# A notice's key: "new-1" for the first round, "new-2" for the first renewal … (once per round,
# whatever its due date becomes).
NOTICE = "new"
# The daily run tells whom the immediate notice missed (the broker was down): assignments this new.
NOTICE_CATCH_UP = datetime.timedelta(days=3)


def notice_key(assignment: Assignment) -> str:
    return f"{NOTICE}-{assignment.cycle}"


def workshop_day(assignment: Assignment) -> datetime.date | None:
    """The day of the workshop this round of the assignment is for (what its reminders count to),
    or None: no workshop with a date, or one before this round (a renewal, or assigned after the
    workshop was held), which the due date's reminders are for."""
    module = assignment.module
    if module.kind != module.Kind.WORKSHOP or module.workshop_starts_at is None:
        return None
    day = timezone.localdate(module.workshop_starts_at)
    if assignment.cycle > 1 or timezone.localdate(assignment.assigned_at) > day:
        return None
    return day


def reminder_key(
    due_date: datetime.date, today: datetime.date, workshop: datetime.date | None = None
) -> str | None:
    """The latest reminder point reached by ``today`` for ``due_date``, or None.

    Points: ``TRAINING_REMINDER_DAYS`` before the due date (``before-7``,
    ``before-0`` = on the day), then every ``TRAINING_OVERDUE_REMINDER_INTERVAL``
    days after it (``overdue-7``, ``overdue-14``…). Only the latest point counts,
    so a day the task did not run is caught up with one mail, not several.

    A workshop is attended on its day, not done by a due date: its reminders count to that day
    (``ws-20270512-7``…) and stop after it (attendance is HR's to record; "due in a day" after the
    workshop was over told people nothing they could do).
    """
    if workshop is not None:
        days_left = (workshop - today).days
        reached = [d for d in settings.TRAINING_REMINDER_DAYS if 0 <= days_left <= d]
        # With the day in it: a workshop moved to another day gets its reminders again.
        return f"ws-{workshop:%Y%m%d}-{min(reached)}" if reached else None
    days_left = (due_date - today).days
    interval = settings.TRAINING_OVERDUE_REMINDER_INTERVAL
    if days_left < 0 and interval:
        weeks = -days_left // interval
        if weeks:
            return f"overdue-{weeks * interval}"
    reached = [d for d in settings.TRAINING_REMINDER_DAYS if days_left <= d]
    if not reached:
        return None
    return f"before-{min(reached)}"


def reminder_label(key: str) -> str:
    """A ``reminder_key`` in the reader's words ("7 days before the due date"); an unknown key as it is."""
    kind, _separator, days = key.rpartition("-")
    if not days.isdigit():
        return key
    count, workshop = int(days), kind.startswith("ws-")
    if kind == NOTICE:
        return gettext("when it was assigned") if count == 1 else gettext("when the renewal round opened")
    if kind == "before" and not count:
        return gettext("on the due date")
    if workshop and not count:
        return gettext("on the day of the workshop")
    if kind == "before":
        text = ngettext("%(count)d day before the due date", "%(count)d days before the due date", count)
    elif kind == "overdue":
        text = ngettext("%(count)d day after the due date", "%(count)d days after the due date", count)
    elif workshop:
        text = ngettext("%(count)d day before the workshop", "%(count)d days before the workshop", count)
    else:
        return key
    return text % {"count": count}


def _mail_context(assignment: Assignment, today: datetime.date) -> dict:
    workshop = workshop_day(assignment)
    days_left = ((workshop or assignment.due_date) - today).days
    return {
        "assignment": assignment,
        "module": assignment.module,
        "workshop": workshop is not None,
        "days_left": days_left,
        "days_late": -days_left,
        "url": absolute_url(reverse("training:detail", args=[assignment.pk])),
    }


def _send_once(assignment: Assignment, key: str, today: datetime.date) -> bool:
    """Send ``key``'s mail for ``assignment``'s round unless a run sent it already."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(assignment=assignment, due_date=assignment.due_date, key=key)
            context = _mail_context(assignment, today)
            send_mail_to(
                assignment.user, "training/email/reminder", {**context, "new": key.startswith(NOTICE)}
            )
    except IntegrityError:
        return False  # another run sent it
    return True


def send_assignment_notices(assignment_ids=None, today: datetime.date | None = None) -> int:
    """Tell people of their new assignments and renewal rounds; returns how many notices went out.

    ``assignment_ids``: those just assigned (a campaign, a late joiner, one taken over from a
    withdrawn campaign) or whose renewal round just opened, told at once. Without, the daily
    run: those assigned in the last days (``NOTICE_CATCH_UP``) whom nobody told yet, nor
    reminded of their due date (an older assignment stays quiet).
    """
    today = today or timezone.localdate()
    rows = Assignment.objects.open().filter(user__is_active=True, module__active=True)
    if assignment_ids is not None:
        rows = rows.filter(pk__in=list(assignment_ids))
    else:
        rows = rows.filter(assigned_at__gte=timezone.now() - NOTICE_CATCH_UP)
    reminded = SentReminder.objects.filter(assignment=OuterRef("pk"), due_date=OuterRef("due_date"))
    rows = rows.exclude(Exists(reminded)).select_related("user", "module").order_by("pk")
    sent = 0
    for assignment in rows.iterator(chunk_size=500):
        key = notice_key(assignment)
        told = SentReminder.objects.filter(
            assignment=assignment, key=key, sent_at__gte=assignment.assigned_at
        )
        if told.exists():
            continue  # told of this round, before HR changed its due date
        try:
            sent += _send_once(assignment, key, today)
        except Exception:
            # One broken address never stops the others; the daily run retries it.
            logger.exception("Notice of assignment %s failed", assignment.pk)
    return sent


def _told_already(assignment: Assignment, key: str) -> bool:
    """Whether ``key``'s reminder point had been reached when the round's notice went out: the
    notice said it (due in five days, say), so the reminder would only say it again the next
    morning."""
    notice = SentReminder.objects.filter(
        assignment=assignment, due_date=assignment.due_date, key=notice_key(assignment)
    ).first()
    if notice is None:
        return False
    told_on = timezone.localdate(notice.sent_at)
    return reminder_key(assignment.due_date, told_on, workshop_day(assignment)) == key


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send every reminder that is due today and not sent yet; returns how many went out."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(settings.TRAINING_REMINDER_DAYS, default=0))
    # A workshop's reminders count to its day, which may be weeks before the due date.
    workshop_soon = Q(module__kind=Module.Kind.WORKSHOP, module__workshop_starts_at__date__lte=horizon)
    candidates = (
        Assignment.objects.open()
        .filter(Q(due_date__lte=horizon) | workshop_soon, user__is_active=True, module__active=True)
        .select_related("user", "module")
        .order_by("pk")
    )
    sent = 0
    for assignment in candidates.iterator(chunk_size=500):
        key = reminder_key(assignment.due_date, today, workshop_day(assignment))
        if key is None:
            continue
        if SentReminder.objects.filter(assignment=assignment, due_date=assignment.due_date, key=key).exists():
            continue
        if _told_already(assignment, key):
            continue
        try:
            sent += _send_once(assignment, key, today)
        except Exception:
            # One broken address never stops the others; the next run retries it.
            logger.exception("Reminder for assignment %s failed", assignment.pk)
    return sent


def overdue_by_department(today: datetime.date) -> dict[Department | None, list[Assignment]]:
    """The overdue assignments by department (None: without one), people by name in each; the
    departments in no order: each recipient's is their language's (``in_reading_order``)."""
    rows = (
        Assignment.objects.overdue(today)
        .filter(user__is_active=True, module__active=True)
        .select_related("user__department", "module")
        # By name as a dictionary has it ("Özlem" among the O's, not after Z): the folded name.
        .order_by("user__search_text", "user__full_name", "due_date")
    )
    grouped: dict[Department | None, list[Assignment]] = defaultdict(list)
    for assignment in rows:
        grouped[assignment.user.department].append(assignment)
    return dict(grouped)


def in_reading_order(
    grouped: dict[Department | None, list[Assignment]],
) -> dict[Department | None, list[Assignment]]:
    """``grouped`` with its departments in the alphabetical order of the active language, those
    without one last (no query: the departments came with the rows)."""
    departments = Department.in_reading_order(department for department in grouped if department)
    return {department: grouped[department] for department in [*departments, None] if department in grouped}


def send_hr_digest(today: datetime.date | None = None) -> int:
    """Send HR the overdue people per department, once per person and week."""
    today = today or timezone.localdate()
    week = today - datetime.timedelta(days=today.weekday())
    recipients = members(Role.HR)
    grouped = overdue_by_department(today)
    sent = 0
    for recipient in recipients:
        try:
            with transaction.atomic():
                SentDigest.objects.create(user=recipient, week=week)
                with translation.override(language_of(recipient)):  # the order of their language
                    departments = in_reading_order(grouped)
                send_mail_to(
                    recipient,
                    "training/email/hr_digest",
                    {
                        "departments": departments,
                        "total": sum(len(v) for v in grouped.values()),
                        "url": absolute_url(reverse("training:hr_report")),
                    },
                )
        except IntegrityError:
            continue  # another run sent it
        except Exception:
            # One broken address never stops the others; the next run retries it.
            logger.exception("HR digest to user %s failed", recipient.pk)
            continue
        sent += 1
    return sent
