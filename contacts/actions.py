"""Writes with side effects: asking, routing, answering, closing, FAQ, confirmations, reminders.

E-mails to advisors are rendered from the question alone; the asker is passed
only when the question is named. The anonymous asker is looked up here and
nowhere else, to tell them their answer has arrived.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from contacts.models import (
    CONFIRMATION_INTERVAL,
    Advisor,
    AdvisorTopic,
    AnonymousAsking,
    FaqEntry,
    FollowUp,
    Question,
    QuestionRecipient,
)
from portal.lib.mail import absolute_url, notify
from portal.lib.numbers import grouped
from portal.roles import Role, members

logger = logging.getLogger(__name__)

UNANSWERED_AFTER_WORKING_DAYS = 2
# The same question sent again this soon is a double click or a reloaded form, not a new question.
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(minutes=5)
# A stale profile's advisor is reminded again after this many days at the earliest.
CONFIRMATION_REMINDER_EVERY = datetime.timedelta(days=14)


@dataclass
class Routing:
    route: str
    advisors: list[Advisor]


def route(topic: AdvisorTopic | None, advisor: Advisor | None, asker=None) -> Routing:
    """Whom a question goes to: the chosen advisor, else the topic's advisors, else Communications.

    The asker's own advisor profile is skipped: nobody answers their own question.
    """
    reachable = Advisor.objects.reachable()
    if asker is not None:
        reachable = reachable.exclude(user=asker)
    if advisor is not None and reachable.filter(pk=advisor.pk).exists():
        return Routing(Question.Route.ADVISOR, [advisor])
    if topic is not None:
        advisors = list(reachable.filter(topics=topic).order_by("name"))
        if advisors:
            return Routing(Question.Route.TOPIC, advisors)
    return Routing(Question.Route.COMMUNICATIONS, [])


def responsible_users(question: Question) -> list:
    """The people to notify about ``question``: its active advisors' accounts, or Communications —
    both when an advisor who received it stopped (``handed_over``)."""
    if question.routed_to == Question.Route.COMMUNICATIONS:
        return list(members(Role.COMMUNICATIONS))
    advisors = [
        recipient.advisor.user
        for recipient in QuestionRecipient.objects.filter(
            question=question, advisor__in=Advisor.objects.reachable()
        ).select_related("advisor__user")
    ]
    if question.handed_over:
        advisors += [user for user in members(Role.COMMUNICATIONS) if user not in advisors]
    return advisors


def ask_question(
    asker,
    *,
    subject: str,
    body: str,
    topic: AdvisorTopic | None = None,
    advisor: Advisor | None = None,
    anonymous: bool = False,
    extra: dict | None = None,
) -> Question:
    """Store a question, route it and tell the advisors (after commit)."""
    routing = route(topic, advisor, asker)
    with transaction.atomic():
        question = Question.objects.create(
            asker=None if anonymous else asker,
            is_anonymous=anonymous,
            topic=topic,
            advisor=advisor,
            subject=subject,
            body=body,
            routed_to=routing.route,
            **(extra or {}),
        )
        if anonymous:
            AnonymousAsking.objects.create(question=question, asker=asker)
        QuestionRecipient.objects.bulk_create(
            [QuestionRecipient(question=question, advisor=a) for a in routing.advisors]
        )
        transaction.on_commit(lambda: _notify_advisors(question.pk, "contacts/email/new_question"))
    return question


# Questions one person may send in an hour: enough for anybody asking, and a brake on a
# script flooding the advisors' and Communications' mailboxes (anonymously, say).
QUESTIONS_PER_HOUR = 10


def asked_too_often(asker) -> bool:
    since = timezone.now() - datetime.timedelta(hours=1)
    return Question.objects.asked_by(asker).filter(created_at__gte=since).count() >= QUESTIONS_PER_HOUR


def recent_duplicate(asker, *, subject: str, body: str, topic, advisor, anonymous: bool, extra: dict):
    """The asker's identical question from the last few minutes (a double submit), if any.

    Identical means sent the same way, too: the same text to another advisor, or anonymously
    after asking with a name, is a question of its own.
    """
    since = timezone.now() - DOUBLE_SUBMIT_WINDOW
    attached = {
        "mention": None,
        "section": None,
        **{k: v for k, v in extra.items() if k in ("mention", "section")},
    }
    return (
        Question.objects.asked_by(asker)
        .filter(
            subject=subject,
            body=body,
            topic=topic,
            advisor=advisor,
            is_anonymous=anonymous,
            created_at__gte=since,
            **attached,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def _notify_advisors(question_id: int, template: str) -> None:
    question = Question.objects.select_related("topic", "asker").get(pk=question_id)
    for user in responsible_users(question):
        notify(user, template, _advisor_mail_context(question))


def _advisor_mail_context(question: Question) -> dict:
    # Advisors' mail gets the asker only for named questions.
    return {
        "question": question,
        "asker": None if question.is_anonymous else question.asker,
        "url": absolute_url(question.get_inbox_url()),
    }


def asker_of(question: Question):
    """The person who asked: for notifications to them only, never for display to others."""
    if not question.is_anonymous:
        return question.asker
    link = AnonymousAsking.objects.select_related("asker").filter(question=question).first()
    return link.asker if link else None


class AnswerConflict(Exception):
    """The question changed since the answer was written: answered by someone else, or closed."""


def _answered_already(question: Question, answerer, answer: str) -> bool:
    return (
        question.status == Question.Status.ANSWERED
        and question.answer == answer
        and question.answered_by_id == answerer.pk
    )


def answer_question(question: Question, answerer, answer: str, *, based_on=...) -> None:
    """Store the answer and tell the asker (an improved answer replaces the one before).

    ``based_on`` is the ``answered_at`` the answer was written against: if another answer came
    in, or the question was closed, since then, nothing is stored (AnswerConflict) — the check
    and the write are one conditional UPDATE, so two advisors sending at once cannot both pass.
    The same answer sent again (double click, reloaded form) changes nothing and mails nobody,
    also when both are sent at once: the second finds the first's answer, not a conflict.
    """
    if _answered_already(question, answerer, answer):
        return
    now = timezone.now()
    current = Question.objects.filter(pk=question.pk).exclude(status=Question.Status.CLOSED)
    if based_on is not ...:
        current = current.filter(answered_at=based_on)
    fields = {
        "answer": answer, "answered_by": answerer, "answered_at": now, "answer_seen": False,
        "status": Question.Status.ANSWERED,
    }  # fmt: skip
    if not current.update(**fields):
        question.refresh_from_db()
        if _answered_already(question, answerer, answer):
            return
        raise AnswerConflict
    for name, value in fields.items():
        setattr(question, name, value)
    asker = asker_of(question)
    if asker is not None and asker.is_active:
        transaction.on_commit(
            lambda: notify(
                asker,
                "contacts/email/answered",
                {"question": question, "url": absolute_url(question.get_absolute_url())},
            )
        )


def close_question(question: Question, *, by_advisor: bool = False) -> bool:
    """Close ``question``. Closed by an advisor without an answer (to the question or to its
    follow-up), the asker is told: they would wait for an answer that does not come.

    False, and nothing changed or sent, when it was closed already: one conditional UPDATE
    decides, so of two closings at once (a double click, the asker and an advisor) one passes
    and the asker gets one e-mail, not two.
    """
    now = timezone.now()
    still_open = Question.objects.filter(pk=question.pk).exclude(status=Question.Status.CLOSED)
    if not still_open.update(status=Question.Status.CLOSED, closed_at=now, closed_by_asker=not by_advisor):
        return False
    question.status, question.closed_at = Question.Status.CLOSED, now
    question.closed_by_asker = not by_advisor
    asker = asker_of(question) if by_advisor else None
    if asker is None or not asker.is_active:
        return True
    follow_up = bool(question.answer) and question.follow_up_pending()
    if not question.answer or follow_up:
        context = {
            "question": question,
            "follow_up": follow_up,
            "url": absolute_url(question.get_absolute_url()),
        }
        transaction.on_commit(lambda: notify(asker, "contacts/email/closed_unanswered", context))
    return True


def hand_over_candidates(question: Question, advisor: Advisor) -> QuerySet:
    """The colleagues ``advisor`` may hand ``question`` to: reachable, not ``advisor``, not already
    addressed, and not the asker (nobody answers their own question).

    For an anonymous question every reachable colleague but ``advisor``: whom the list left out
    would name the asker (an advisor too, or one on the topic who alone did not receive it).
    """
    candidates = Advisor.objects.reachable().exclude(pk=advisor.pk).in_name_order()
    if question.is_anonymous:
        return candidates
    candidates = candidates.exclude(questionrecipient__question=question)
    return candidates.exclude(user=question.asker) if question.asker_id is not None else candidates


def hand_over(question: Question, advisor: Advisor, colleague: Advisor, note: str = "") -> bool:
    """``advisor`` hands ``question`` to ``colleague``: it leaves ``advisor``'s inbox and reaches
    the colleague's, who gets an e-mail with ``note`` (not stored: it is between the two).
    False, and nothing changed, if ``advisor`` had it no more (a double click) or it is closed."""
    with transaction.atomic():
        locked = (
            Question.objects.select_for_update().filter(pk=question.pk).exclude(status=Question.Status.CLOSED)
        )
        if not locked.exists():
            return False
        if not QuestionRecipient.objects.filter(question=question, advisor=advisor).delete()[0]:
            return False
        QuestionRecipient.objects.get_or_create(question=question, advisor=colleague)
        if question.routed_to == Question.Route.ADVISOR:
            # The asker's page names whom it went to: now the colleague who has it.
            Question.objects.filter(pk=question.pk).update(advisor=colleague)
        context = {**_advisor_mail_context(question), "colleague": advisor, "note": note}
        transaction.on_commit(lambda: notify(colleague.user, "contacts/email/handed_on", context))
    return True


def reopen_question(question: Question, by_asker: bool = False) -> bool:
    """Open a closed question again; False if it was not closed (any more): reopened by another
    tab or click at the same moment, which alone tells the advisors. Reopened by its asker without
    an answer yet after an advisor closed it (as the mail that it was closed unanswered suggests),
    whoever received it is told by e-mail, as of a follow-up: it would otherwise wait for the next
    daily reminder. Not after the asker withdrew it: withdrawing and reopening again and again
    would flood their mailboxes."""
    answered = question.answer and not question.follow_up_pending()
    question.status = Question.Status.ANSWERED if answered else Question.Status.OPEN
    question.closed_at = None
    fields = {"status": question.status, "closed_at": None}
    if _received_by_a_stopped_advisor(question):
        # Closed when its advisor stopped, so not handed over then: it is now
        # (hand_over_open_questions), or nobody would read it (or improve its answer).
        question.handed_over = fields["handed_over"] = True
    # One conditional UPDATE decides, as closing does: of two at once, one reopens and mails.
    if not Question.objects.filter(pk=question.pk, status=Question.Status.CLOSED).update(**fields):
        return False
    if by_asker and not question.closed_by_asker and question.status == Question.Status.OPEN:
        transaction.on_commit(lambda: _notify_advisors(question.pk, "contacts/email/reopened"))
    return True


def follow_up(question: Question, body: str) -> FollowUp | None:
    """The asker asks again about the answer: the question is open again for the advisors who
    received it, who are told by e-mail; the answer is kept with the follow-up. None when the
    question changed meanwhile (answered again, or followed up already: a double submit).

    One conditional UPDATE is the check: of two sent at once, only one passes.
    """
    pending = FollowUp.objects.filter(question=OuterRef("pk"), answered_at=OuterRef("answered_at"))
    with transaction.atomic():
        reopened = (
            Question.objects.filter(
                pk=question.pk,
                answered_at=question.answered_at,
                status__in=[Question.Status.ANSWERED, Question.Status.CLOSED],
            )
            .exclude(answer="")
            .filter(~Exists(pending))
            .update(status=Question.Status.OPEN, closed_at=None)
        )
        if not reopened:
            return None
        question.status, question.closed_at = Question.Status.OPEN, None
        if _received_by_a_stopped_advisor(question):
            question.handed_over = True  # as in reopen_question
            question.save(update_fields=["handed_over"])
        entry = FollowUp.objects.create(
            question=question,
            body=body,
            answer=question.answer,
            answered_by_id=question.answered_by_id,
            answered_at=question.answered_at,
        )
        transaction.on_commit(lambda: _notify_advisors(question.pk, "contacts/email/follow_up"))
    return entry


def _received_by_a_stopped_advisor(question: Question) -> bool:
    if question.handed_over or question.routed_to == Question.Route.COMMUNICATIONS:
        return False
    recipients = QuestionRecipient.objects.filter(question=question)
    # None left: whoever received it was deleted since (their rows went with them).
    return not recipients.exists() or recipients.exclude(advisor__in=Advisor.objects.reachable()).exists()


def mark_answer_seen(question: Question) -> None:
    if question.answered_at and not question.answer_seen:
        question.answer_seen = True
        question.save(update_fields=["answer_seen"])


def publish_faq(question: Question, publisher, **changes) -> FaqEntry:
    """Publish (or update) the FAQ entry made from ``question``, worded by the advisor.

    ``changes``: the title, answer, topic and English wordings (a new entry needs the first
    three; an update may carry only what the advisor changed). A changed German wording whose
    English one was not changed with it drops the English one (Communications translates in
    the admin): English readers see the German text rather than English that says something else.
    """
    previous = FaqEntry.objects.filter(question=question).values("title", "answer").first()
    defaults = {**changes, "published_by": publisher}
    if previous is None:
        defaults["is_published"] = True  # an entry Communications took offline stays offline
    else:
        for name in ("title", "answer"):
            if name in changes and changes[name] != previous[name] and f"{name}_en" not in changes:
                defaults[f"{name}_en"] = ""
    entry, _created = FaqEntry.objects.update_or_create(question=question, defaults=defaults)
    return entry


def take_faq_offline(question: Question) -> bool:
    """Take the FAQ entry made from ``question`` offline; whether it was online."""
    entry = FaqEntry.objects.filter(question=question, is_published=True).first()
    if entry is None:
        return False  # offline already (a second click, a colleague), or there is none
    entry.is_published = False
    entry.save(update_fields=["is_published", "updated_at"])
    return True


def confirm_profile(advisor: Advisor) -> None:
    advisor.last_confirmed_on = timezone.localdate()
    # Not a change of the profile: its history leaves out when it was confirmed (an empty
    # "changed" line each time otherwise).
    advisor.save_without_historical_record(update_fields=["last_confirmed_on", "updated_at"])


def working_days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """``moment`` moved back by ``days`` working days (Monday to Friday), same time of day."""
    local = timezone.localtime(moment)
    while days > 0:
        local -= datetime.timedelta(days=1)
        if local.weekday() < 5:
            days -= 1
    return local


def remind_unanswered(now: datetime.datetime | None = None) -> int:
    """Remind the responsible people of questions open for 2 working days; return the count.

    At most once per question and day, even if the task runs twice or on two
    workers at once: the conditional UPDATE claims the question for today.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    cutoff = working_days_before(now, UNANSWERED_AFTER_WORKING_DAYS)
    due = (
        Question.objects.filter(status=Question.Status.OPEN, created_at__lte=cutoff)
        .exclude(follow_ups__created_at__gt=cutoff)  # a follow-up waits its 2 working days too
        # Nobody waits for a named question whose asker has left (anonymous ones cannot tell).
        .exclude(Q(is_anonymous=False) & (Q(asker__isnull=True) | Q(asker__is_active=False)))
        .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
    )
    sent = 0
    for question_id, reminded_before in list(due.values_list("pk", "last_reminded_on")):
        claimed = (
            Question.objects.filter(pk=question_id, status=Question.Status.OPEN)
            .filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today))
            .update(last_reminded_on=today)
        )
        if not claimed:
            continue
        question = Question.objects.select_related("topic", "asker").get(pk=question_id)
        context = _advisor_mail_context(question)
        if question.follow_up_pending():  # the follow-up waits, not the question
            context["follow_up"] = question.follow_ups.order_by("-pk").first()
        delivered = [notify(user, "contacts/email/reminder", context) for user in responsible_users(question)]
        if delivered and not any(delivered):
            # Nobody got it (the mail server is down): the next run tries again.
            Question.objects.filter(pk=question_id).update(last_reminded_on=reminded_before)
            continue
        sent += 1
    return sent


def remind_profile_confirmation(today: datetime.date | None = None) -> int:
    """Ask advisors with a stale profile to confirm it; at most every two weeks each."""
    today = today or timezone.localdate()
    stale_before = today - CONFIRMATION_INTERVAL
    remind_before = today - CONFIRMATION_REMINDER_EVERY
    not_recently = Q(confirmation_reminded_on__isnull=True) | Q(confirmation_reminded_on__lte=remind_before)
    candidates = (
        Advisor.objects.active()
        .filter(user__isnull=False, user__is_active=True)
        .unconfirmed_since(stale_before + datetime.timedelta(days=1))
        .filter(not_recently)
    )
    sent = 0
    for advisor_id, reminded_before in list(candidates.values_list("pk", "confirmation_reminded_on")):
        if (
            not Advisor.objects.filter(pk=advisor_id)
            .filter(not_recently)
            .update(confirmation_reminded_on=today)
        ):
            continue
        advisor = Advisor.objects.select_related("user").get(pk=advisor_id)
        context = {"advisor": advisor, "url": absolute_url(reverse("contacts:my_profile"))}
        if not notify(advisor.user, "contacts/email/confirm_profile", context):
            Advisor.objects.filter(pk=advisor_id).update(confirmation_reminded_on=reminded_before)
            continue  # the next run tries again
        sent += 1
    return sent


def _open_received(advisors) -> QuerySet:
    received = QuestionRecipient.objects.filter(advisor__in=advisors).values("question_id")
    return Question.objects.filter(pk__in=received, status=Question.Status.OPEN, handed_over=False).exclude(
        routed_to=Question.Route.COMMUNICATIONS
    )


def handed_over_on_delete(advisors) -> str:
    """What deleting ``advisors`` does to their open questions, for the delete page ("" if nothing)."""
    count = _open_received(advisors).count()
    if not count:
        return ""
    return ngettext(
        "%(count)s open question they received goes to the Communications team's inbox.",
        "%(count)s open questions they received go to the Communications team's inbox.",
        count,
    ) % {"count": grouped(count)}


def hand_over_open_questions(advisor: Advisor, tell_advisor: bool = True) -> int:
    """``advisor`` stopped (profile or account deactivated): every open question they received
    goes to the Communications team's inbox too, so none waits for nobody. Returns how many.

    All of them, whoever else received each: moving only those nobody else has would tell
    Communications something about who else received — and so, at times, who asked anonymously.
    """
    count = _open_received([advisor]).update(handed_over=True)
    user = advisor.user
    if count and tell_advisor and user is not None and user.is_active:
        # Turned off in the admin, and still working here: told, so it is no hand-over behind their back.
        context = {"advisor": advisor, "count": count}
        transaction.on_commit(lambda: notify(user, "contacts/email/handed_over", context))
    return count


def take_back_open_questions(advisor: Advisor) -> int:
    """``advisor`` is back (profile, account and role): the open questions they received leave
    the Communications team's inbox again; any Communications answered stay. Returns how many.

    Otherwise turning an advisor off and on again would give Communications their questions
    (and named askers) for good.
    """
    if not Advisor.objects.reachable().filter(pk=advisor.pk).exists():
        return 0  # nobody would read them there
    received = QuestionRecipient.objects.filter(advisor=advisor).values("question_id")
    # Open again after a follow-up is not "unanswered": one Communications answered stays theirs.
    communications = members(Role.COMMUNICATIONS)
    answered_there = Q(answered_by__in=communications) | Q(follow_ups__answered_by__in=communications)
    taken_back = Question.objects.filter(
        pk__in=received, status=Question.Status.OPEN, handed_over=True
    ).exclude(answered_there)
    return Question.objects.filter(pk__in=taken_back.values("pk")).update(handed_over=False)
