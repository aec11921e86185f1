"""Employee pages: my trainings, a module, its quiz, my calendar feed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.lib.drafts import forget_draft
from portal.lib.i18n import fold
from portal.lib.mail import language_of
from portal.lib.numbers import parse_int
from portal.models import FeedToken
from portal.roles import Role, has_role
from training import actions, calendar
from training.access import get_own_assignment
from training.models import Assignment, Module, QuizAttempt


def _calendar_url(request: HttpRequest, token: FeedToken) -> str:
    return request.build_absolute_uri(reverse("training:calendar_feed", args=[token.key]))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Everybody: my trainings with status and due dates, open ones first."""
    today = timezone.localdate()
    assignments = list(
        Assignment.objects.for_user(request.user)
        .filter(module__active=True)
        .select_related("module", "campaign")  # the campaign words an excusal's reason
    )
    open_ = [a for a in assignments if a.is_open]
    done = sorted((a for a in assignments if not a.is_open), key=lambda a: fold(a.module.display_title))
    token = FeedToken.objects.filter(user=request.user, purpose=FeedToken.Purpose.CALENDAR).first()
    return render(
        request,
        "training/index.html",
        {
            "open_assignments": open_,
            "done_assignments": done,
            "today": today,
            "calendar_url": _calendar_url(request, token) if token else "",
            "is_hr": has_role(request.user, Role.HR),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person the training is assigned to: read the lesson, follow the link, see the workshop."""
    assignment = get_own_assignment(request.user, pk)
    if assignment.is_open and assignment.module.kind != Module.Kind.WORKSHOP:
        # (A workshop is done in the room: its page being opened says nothing about it.)
        actions.mark_started(assignment)
        assignment.refresh_from_db(fields=["status"])
    module = assignment.module
    quiz_count = module.quiz_questions().count()
    has_quiz = bool(quiz_count)
    last_attempt = assignment.attempts.filter(cycle=assignment.cycle).order_by("-number").first()
    return render(
        request,
        "training/detail.html",
        {
            "assignment": assignment,
            "module": module,
            "has_quiz": has_quiz,
            "quiz_count": quiz_count,
            # 80 % of two questions is both: said in questions, not only as a percentage.
            "right_needed": actions.right_answers_needed(module, quiz_count) if has_quiz else 0,
            "last_attempt": last_attempt,
            "attempts_left": actions.attempts_left(assignment) if has_quiz else None,
            "can_self_complete": assignment.is_open and not has_quiz and module.kind != Module.Kind.WORKSHOP,
            "self_completions": actions.SELF_COMPLETIONS,
        },
    )


@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    """The person the training is assigned to: confirm an external link or a lesson without quiz."""
    assignment = get_own_assignment(request.user, pk)
    try:
        actions.complete_by_employee(assignment)
    except actions.CompletionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Well done – this training is completed."))
    return redirect("training:detail", pk=assignment.pk)


@require_POST
def take_back_completion(request: HttpRequest, pk: int) -> HttpResponse:
    """The person the training is assigned to: take back their own confirmation (clicked by mistake)."""
    assignment = get_own_assignment(request.user, pk)
    if actions.take_back_completion(assignment):
        messages.success(request, _("Your confirmation is taken back: the training is due again."))
    elif assignment.is_open:  # a second click, or another tab
        messages.info(request, _("Your confirmation was taken back already."))
    else:
        messages.error(request, _("Only your own confirmation can be taken back here."))
    return redirect("training:detail", pk=assignment.pk)


def _quiz_questions(module: Module):
    return list(module.quiz_questions().prefetch_related("choices"))


@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest, pk: int) -> HttpResponse:
    """The person the training is assigned to: answer the quiz on one page; graded on the server."""
    assignment = get_own_assignment(request.user, pk)
    module = assignment.module
    questions = _quiz_questions(module)
    if not questions:
        raise Http404
    context = {
        "assignment": assignment,
        "module": module,
        "questions": questions,
        "right_needed": actions.right_answers_needed(module, len(questions)),
    }
    if request.method == "POST":
        raw = {key: request.POST.getlist(key) for key in request.POST if key.startswith("q")}
        try:
            attempt_number = int(request.POST.get("attempt", ""))
        except ValueError:
            attempt_number = -1
        try:
            grading = actions.submit_quiz(assignment, raw, attempt_number)
        except actions.QuizRefused as refusal:
            numbers = [str(n) for n, q in enumerate(questions, 1) if q.pk in refusal.unanswered]
            if numbers:
                # Which ones, in words and at each question (a long quiz is not searched by eye).
                messages.error(
                    request,
                    ngettext(
                        "Please answer question %(numbers)s.",
                        "Please answer questions %(numbers)s.",
                        len(numbers),
                    )
                    % {"numbers": get_text_list(numbers, _("and"))},
                )
            else:
                messages.error(request, str(refusal))
            context["unanswered"] = refusal.unanswered
            context["page_error"] = True  # "Error:" first in the title, as for a form sent back
            assignment.refresh_from_db()
            already_sent = assignment.attempts.filter(cycle=assignment.cycle, number=attempt_number).exists()
            if already_sent or not assignment.is_open or actions.attempts_left(assignment) == 0:
                return redirect("training:detail", pk=assignment.pk)
            # Unanswered or invalid: show the form again with what was chosen.
            context["selected"] = {
                question: v for k, v in raw.items() if (question := parse_int(k[1:])) is not None
            }
        else:
            forget_draft(request, "quiz")
            return redirect("training:quiz_result", pk=assignment.pk, number=grading.attempt.number)
    if not assignment.is_open:
        messages.info(request, actions.closed_quiz_message(assignment))
        return redirect("training:detail", pk=assignment.pk)
    left = actions.attempts_left(assignment)
    if left == 0:  # the training's page says so (as a message too, it said it twice)
        return redirect("training:detail", pk=assignment.pk)
    context["attempt_number"] = assignment.attempts.filter(cycle=assignment.cycle).count() + 1
    context["attempts_left"] = left
    context.setdefault("selected", {})
    context.setdefault("unanswered", frozenset())
    return render(request, "training/quiz.html", context)


@require_GET
def quiz_result(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The person the training is assigned to: the score, and which answers were wrong."""
    assignment = get_own_assignment(request.user, pk)
    # This round's only: a passed attempt of the last round would show this round's answer key.
    attempt = get_object_or_404(QuizAttempt, assignment=assignment, cycle=assignment.cycle, number=number)
    chosen = {int(k): set(v) for k, v in attempt.answers.items()}
    # The questions of this attempt, with the verdicts it was graded with: a question HR added or
    # corrected since would otherwise contradict the score.
    questions = [question for question in _quiz_questions(assignment.module) if question.pk in chosen]
    results = []
    for question in questions:
        mine = chosen[question.pk]
        key = {c.pk for c in question.choices.all() if c.is_correct}
        right = (
            question.pk not in attempt.wrong_questions if attempt.wrong_questions is not None else mine == key
        )
        # The answers ticked as the right ones agree with the verdict: answered right, exactly the
        # ones chosen were (whatever the key says since); answered wrong, the key, unless a
        # correction since made the ones chosen right (then which were right is not known).
        correct = mine if right else (key if key != mine else set())
        results.append({"question": question, "mine": mine, "right": right, "correct": correct})
    return render(
        request,
        "training/quiz_result.html",
        {
            "assignment": assignment,
            "module": assignment.module,
            "attempt": attempt,
            "results": results,
            "attempts_left": actions.attempts_left(assignment) if assignment.is_open else None,
        },
    )


@require_POST
def calendar_token(request: HttpRequest) -> HttpResponse:
    """Everybody: create my calendar URL, revoke it by giving it a new secret, or switch it off."""
    if request.POST.get("action") == "off":
        FeedToken.objects.filter(user=request.user, purpose=FeedToken.Purpose.CALENDAR).delete()
        messages.success(request, _("Your calendar address is switched off: it no longer works."))
        return redirect(reverse("training:index") + "#calendar")
    token = FeedToken.objects.for_user(request.user, FeedToken.Purpose.CALENDAR)
    if request.POST.get("rotate"):
        token.rotate()
        messages.success(request, _("Your old calendar address no longer works. Here is the new one."))
    return redirect(reverse("training:index") + "#calendar")


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    """Anybody with the secret URL (a calendar app): my open due dates as iCalendar."""
    # A NUL would make PostgreSQL refuse the query: such a key is simply unknown.
    token = FeedToken.objects.resolve(key, FeedToken.Purpose.CALENDAR) if "\x00" not in key else None
    if token is None:
        raise Http404
    user = token.user
    assignments = list(
        Assignment.objects.for_user(user).open().filter(module__active=True).select_related("module")
    )
    base = settings.PORTAL_URL
    with translation.override(language_of(user)):
        body = calendar.render(assignments, base, urlsplit(base).hostname or "portal")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="trainings.ics"'
    return response
