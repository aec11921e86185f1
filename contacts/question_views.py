"""Questions: asking, "My questions" for the asker, and the inbox for advisors."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import access, actions, attachments
from contacts.forms import (
    AnswerForm,
    FaqForm,
    FollowUpForm,
    HandOverForm,
    QuestionForm,
    answer_version,
    followed_up_since,
)
from contacts.models import (
    Advisor,
    AdvisorTopic,
    FaqEntry,
    GuidelineCategoryTopic,
    Question,
    QuestionRecipient,
)
from portal.admin_conflicts import VERSION_FIELD
from portal.lib.db import lock_row
from portal.lib.drafts import forget_draft
from portal.lib.numbers import parse_int
from portal.lib.paging import Paginator

QUESTIONS_PER_PAGE = 25
# Follow-up texts not sent (form errors, refusals), by question id, until the question's page
# shows them again: that page, not the form's POST-only address, is where they are shown.
UNSENT_FOLLOW_UPS = "contacts_unsent_follow_ups"  # session key
# More than the form takes (5,000), so an overlong text comes back whole, with its error.
UNSENT_FOLLOW_UP_CHARS = 20_000


def _initial_from_query(request: HttpRequest, attached: attachments.Attached) -> dict:
    initial = {}
    slug = request.GET.get("topic", "")
    if slug and "\x00" not in slug:  # PostgreSQL refuses NUL in a string literal
        initial["topic"] = AdvisorTopic.objects.filter(slug=slug).first()
    advisor_id = parse_int(request.GET.get("advisor"))
    if advisor_id is not None:
        advisor = Advisor.objects.active().filter(pk=advisor_id, user__isnull=False).first()
        if advisor is not None:
            initial["advisor"] = advisor
            topics = list(advisor.topics.all()[:2])
            if "topic" not in initial and len(topics) == 1:
                # Of several, the first by name would file a strategy question as a crisis one.
                initial["topic"] = topics[0]
    if "topic" not in initial and attached.section is not None:
        # A question about a guideline section goes to the advisors of its category.
        link = GuidelineCategoryTopic.objects.filter(category=attached.section.category).first()
        if link is not None:
            initial["topic"] = link.topic
    return initial


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """Everybody: ask a question, named or anonymously, optionally about a mention or guideline section."""
    attached = attachments.from_request(request)
    form = QuestionForm(
        request.POST or None, initial=_initial_from_query(request, attached), asker=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked = {
            "subject": data["subject"],
            "body": data["body"],
            "topic": data["topic"],
            "advisor": data["advisor"],
            "anonymous": data["is_anonymous"],
            "extra": attached.model_fields(),
        }
        with transaction.atomic():
            # One question at a time per person: of two sends at once (a double click without
            # JavaScript, a retry), the second waits here and then finds the first.
            lock_row(request.user)
            duplicate = actions.recent_duplicate(request.user, **asked)
            if duplicate is not None:
                # A double submit: the first request's confirmation is still waiting to be shown.
                forget_draft(request, "question")
                return redirect(duplicate.get_absolute_url())
            if actions.asked_too_often(request.user):
                form.add_error(
                    None,
                    _(
                        "You have sent %(count)d questions in the last hour. Please wait a little before "
                        "sending the next one; your text stays here."
                    )
                    % {"count": actions.QUESTIONS_PER_HOUR},
                )
                return render(request, "contacts/ask.html", {"form": form, "attached": attached}, status=429)
            question = actions.ask_question(request.user, **asked)
        forget_draft(request, "question")
        if data["is_anonymous"]:
            messages.success(
                request,
                _("Your question has been sent anonymously. We will let you know when it is answered."),
            )
        else:
            messages.success(
                request, _("Your question has been sent. We will let you know when it is answered.")
            )
        return redirect(question.get_absolute_url())
    return render(request, "contacts/ask.html", {"form": form, "attached": attached})


@require_GET
def my_questions(request: HttpRequest) -> HttpResponse:
    """Everybody: the questions I asked, named and anonymous, with their answers."""
    questions = Question.objects.asked_by(request.user).select_related("topic").order_by("-created_at", "-pk")
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "contacts/my_questions.html", {"page": page})


@require_GET
def my_question(request: HttpRequest, pk: int) -> HttpResponse:
    """The asker only: one of my questions, its answers and my follow-up questions."""
    question = access.get_own_question(request.user, pk)
    actions.mark_answer_seen(question)
    return _my_question_page(request, question, _unsent_follow_up(request, question))


def _keep_unsent_follow_up(request: HttpRequest, question: Question) -> HttpResponse:
    """Back to the question's page, which shows the text again (see _unsent_follow_up): the
    page a follow-up was refused on has an address that can be reloaded and switched to
    another language (the form's own address takes POST only)."""
    unsent = request.session.get(UNSENT_FOLLOW_UPS, {})
    unsent[str(question.pk)] = request.POST.get("body", "")[:UNSENT_FOLLOW_UP_CHARS]
    request.session[UNSENT_FOLLOW_UPS] = unsent
    return redirect(f"{question.get_absolute_url()}#follow-up")


def _unsent_follow_up(request: HttpRequest, question: Question) -> FollowUpForm:
    """The follow-up form, with the text last refused for this question and its errors, once."""
    unsent = request.session.get(UNSENT_FOLLOW_UPS) or {}
    if str(question.pk) not in unsent:
        return FollowUpForm()
    body = unsent.pop(str(question.pk))
    request.session[UNSENT_FOLLOW_UPS] = unsent
    form = FollowUpForm({"body": body})
    form.is_valid()  # says what is wrong with it, if anything (else it was refused for a reason above)
    return form


def _follow_ups(question: Question) -> tuple[list, bool]:
    """The question's follow-ups in order, and whether the last still waits for its answer
    (``Question.follow_up_pending`` without a query of its own)."""
    follow_ups = list(question.follow_ups.select_related("answered_by"))
    return follow_ups, bool(follow_ups) and follow_ups[-1].answered_at == question.answered_at


def _my_question_page(request: HttpRequest, question: Question, form: FollowUpForm) -> HttpResponse:
    follow_ups, pending = _follow_ups(question)
    can_follow_up = bool(question.answer) and question.status != Question.Status.OPEN and not pending
    context = {
        "question": question,
        "follow_ups": follow_ups,
        "pending": pending,
        # A text typed is shown again even where it cannot be sent now: never lost.
        "follow_up_form": form if can_follow_up or form.is_bound else None,
        # Shown again only when it was refused: "Error:" in the title even where the text is fine.
        "page_error": form.is_bound,
    }
    return render(request, "contacts/my_question.html", context)


@require_POST
def follow_up_my_question(request: HttpRequest, pk: int) -> HttpResponse:
    """The asker only: ask a follow-up question about the answer (the question opens again)."""
    question = access.get_own_question(request.user, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your follow-up question was not sent. Please see the note below."))
        return _keep_unsent_follow_up(request, question)
    body = form.cleaned_data["body"]
    if actions.follow_up(question, body) is not None:
        # Back to the page the form is on: the tab's draft of the text would fill it again.
        forget_draft(request, "body")
        messages.success(
            request, _("Your follow-up question has been sent. You will get an e-mail with the answer.")
        )
        return redirect(question.get_absolute_url())
    question.refresh_from_db()
    last = question.follow_ups.order_by("-pk").first()
    pending = last is not None and last.answered_at == question.answered_at
    if pending and last.body == body:
        forget_draft(request, "body")
        messages.info(request, _("Your follow-up question was sent already."))  # a double submit
        return redirect(question.get_absolute_url())
    # Answered again, or followed up in another tab: the text is kept, to send or not.
    if pending:
        messages.error(
            request,
            _(
                "Your earlier follow-up question is still waiting for its answer. Your new text is below, "
                "not sent: you can send it when the answer is there."
            ),
        )
    else:
        messages.error(
            request,
            _(
                "The question changed while you were writing: please read it again. Your text is below, not sent."
            ),
        )
    return _keep_unsent_follow_up(request, question)


@require_POST
def close_my_question(request: HttpRequest, pk: int) -> HttpResponse:
    """The asker only: close my question (resolved, or no longer needed), or reopen it."""
    question = access.get_own_question(request.user, pk)
    closed = question.status == Question.Status.CLOSED
    # The button says what it does: a second click (or an old tab) does not undo the first.
    if request.POST.get("action") == "reopen":
        if closed:
            actions.reopen_question(question, by_asker=True)
        messages.success(request, _reopened(question))
    elif not closed and actions.close_question(question):
        messages.success(request, _("The question is closed. You can reopen it here."))
    else:  # a second click, or closed at the same moment (another tab, the advisor)
        messages.info(request, _("The question was closed already."))
    return redirect(question.get_absolute_url())


def _reopened(question: Question) -> str:
    if question.status == Question.Status.ANSWERED:
        return _("The question is reopened. It keeps its answer, which can still be improved.")
    return _("The question is open again.")


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Advisors (and Communications for the fallback): the questions addressed to me, by status."""
    access.require_inbox(request.user)
    status = request.GET.get("status", Question.Status.OPEN)
    return _inbox_list(request, status if status in Question.Status.values else Question.Status.OPEN)


def _inbox_list(request: HttpRequest, status: str, http_status: int = 200, **extra) -> HttpResponse:
    mine = Question.objects.addressed_to(request.user)
    counts = mine.aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in Question.Status.values}
    )
    page = Paginator(mine.filter(status=status).for_inbox(), QUESTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    tabs = [(value, label, counts[value]) for value, label in Question.Status.choices]
    context = {"page": page, "status": status, "tabs": tabs, **extra}
    return render(request, "contacts/inbox.html", context, status=http_status)


def _sent_from_an_old_page(view):
    """A send from the page of a question that has left the user's inbox since (handed over in
    another tab) is still a 404, as for one never theirs, but says so in words, on the inbox,
    with an answer typed for it shown again: the question's page, where the tab kept it, is gone."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            return view(request, pk)
        except access.NotInInbox:
            if request.method != "POST":
                raise
            messages.info(request, _("This question is not in your inbox (any more)."))
            unsent = request.POST.get("answer", "")
            return _inbox_list(request, Question.Status.OPEN, http_status=404, unsent_answer=unsent)

    return wrapper


@require_http_methods(["GET", "POST"])
@_sent_from_an_old_page
def inbox_question(request: HttpRequest, pk: int) -> HttpResponse:
    """Addressed advisors only: read a question and answer it."""
    question = access.get_inbox_question(request.user, pk)
    form = AnswerForm(request.POST or None, question=question, writer=request.user)
    if request.method == "POST" and question.status == Question.Status.CLOSED:
        if not (request.POST.get("reopen") and form.is_valid()):
            return _closed(request, question, form)
        actions.reopen_question(question)  # "Reopen and send", offered by _closed
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_question(
                question, request.user, form.cleaned_data["answer"], based_on=question.answered_at
            )
        except actions.AnswerConflict:
            # Answered or closed between loading the question and storing the answer.
            question.refresh_from_db()
            if question.status == Question.Status.CLOSED:
                return _closed(request, question, AnswerForm(request.POST, question=question))
            form = AnswerForm(request.POST, question=question, writer=request.user)
            if form.is_valid():  # else its own check has said so already
                form.add_error(None, form.conflict())
        else:
            forget_draft(request, "answer")
            messages.success(request, _("Your answer has been sent."))
            return redirect("contacts:inbox")
    return _inbox_page(request, question, form)


def _inbox_page(
    request: HttpRequest,
    question: Question,
    form: AnswerForm,
    hand_over_form: HandOverForm | None = None,
    **extra,
) -> HttpResponse:
    faq_entry = getattr(question, "faq_entry", None)
    follow_ups, pending = _follow_ups(question)
    context = {
        "question": question,
        "form": form,
        "faq_entry": faq_entry,
        "follow_ups": follow_ups,
        "pending": pending,
        "version": answer_version(question),  # closing is refused if the asker followed up since
        "hand_over_form": hand_over_form or _hand_over_form(request, question),
        **extra,
    }
    return render(request, "contacts/inbox_question.html", context)


def _closed(request: HttpRequest, question: Question, form: AnswerForm) -> HttpResponse:
    """Withdrawn by the asker, or closed here: an answer would reopen it and mail the asker.
    A typed answer is not lost: it is shown again, with a button that reopens and sends it."""
    if not form.data.get("answer", "").strip():
        messages.error(request, _("The question is closed. Reopen it to answer."))
        return redirect(question.get_inbox_url())
    messages.error(
        request,
        _(
            "The question was closed while you were writing. Your answer is below, not sent: "
            "“Reopen and send” sends it, or leave it closed."
        ),
    )
    return _inbox_page(request, question, form, closed_draft=True)


@require_POST
@_sent_from_an_old_page
def inbox_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Addressed advisors only: close a question (or reopen a closed one)."""
    question = access.get_inbox_question(request.user, pk)
    # The button says what it does: a second click (or a reload) does not undo the first.
    wanted = request.POST.get("action")
    version = request.POST.get("version")
    if wanted == "close" and version is not None and followed_up_since(question, version):
        messages.error(
            request, _("The asker sent a follow-up question while this page was open: please read it first.")
        )
        return redirect(question.get_inbox_url())
    if wanted == "reopen" and question.status == Question.Status.CLOSED:
        actions.reopen_question(question)
        messages.success(request, _reopened(question))
    elif (
        wanted == "close"
        and question.status != Question.Status.CLOSED
        and actions.close_question(question, by_advisor=True)
    ):
        messages.success(request, _("The question is closed."))
    elif wanted == "close":  # a second click, or withdrawn by the asker meanwhile: said, as to the asker
        messages.info(request, _("The question was closed already."))
    elif wanted == "reopen":
        messages.info(request, _reopened(question))
    return redirect(question.get_inbox_url())


def _received(question: Question, advisor: Advisor | None) -> bool:
    """Whether ``question`` was addressed to ``advisor`` (not only to Communications)."""
    return (
        advisor is not None and QuestionRecipient.objects.filter(question=question, advisor=advisor).exists()
    )


def _hand_over_form(request: HttpRequest, question: Question) -> HandOverForm | None:
    """The form to hand ``question`` to a colleague, for an advisor who received it, while it is open."""
    if question.status == Question.Status.CLOSED:
        return None
    advisor = access.own_advisor_profile(request.user)
    if not _received(question, advisor):
        return None
    return HandOverForm(candidates=actions.hand_over_candidates(question, advisor))


@require_http_methods(["GET", "POST"])
def inbox_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    """An advisor who received a question hands it to a colleague: it leaves their inbox.

    A refused hand-over shows the question page here, with the errors; reloaded or reached by
    switching the language (a GET), this address leads back to the question."""
    if request.method == "GET":
        return redirect("contacts:inbox_question", pk=pk)
    advisor = access.require_inbox(request.user)
    question = Question.objects.addressed_to(request.user).filter(pk=pk).first()
    if question is None or not _received(question, advisor):
        # Handed over a moment ago (a double click), or never one of theirs: no hint which.
        messages.info(request, _("This question is not in your inbox (any more)."))
        return redirect("contacts:inbox")
    if question.status == Question.Status.CLOSED:
        messages.error(request, _("The question is closed. Reopen it to hand it over."))
        return redirect(question.get_inbox_url())
    form = HandOverForm(request.POST, candidates=actions.hand_over_candidates(question, advisor))
    if not form.is_valid():
        messages.error(request, _("The question was not handed over. Please see the note below."))
        return _inbox_page(request, question, AnswerForm(question=question), hand_over_form=form)
    colleague = form.cleaned_data["colleague"]
    if not actions.hand_over(question, advisor, colleague, form.cleaned_data["note"]):
        messages.info(request, _("This question is not in your inbox (any more)."))
        return redirect("contacts:inbox")
    messages.success(
        request,
        _("%(name)s has the question now and was told by e-mail; it has left your inbox.")
        % {"name": colleague.name},
    )
    return redirect("contacts:inbox")


@require_http_methods(["GET", "POST"])
@_sent_from_an_old_page
def inbox_publish_faq(request: HttpRequest, pk: int) -> HttpResponse:
    """Addressed advisors only: publish an answered question as an FAQ entry in their own words."""
    question = access.get_inbox_question(request.user, pk)
    if not question.answer:
        messages.error(request, _("Please answer the question before publishing it in the FAQ."))
        return redirect(question.get_inbox_url())
    existing = getattr(question, "faq_entry", None)
    initial = {"title": question.subject, "answer": question.answer, "topic": question.topic}
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and existing is None:
        data.pop(VERSION_FIELD, None)  # deleted meanwhile, or new: nobody else's changes to keep
    form = FaqForm(data, instance=existing, initial=None if existing else initial)
    if request.method == "POST" and form.is_valid():
        # Only what this advisor changed, where Communications corrected the entry meanwhile; all
        # of it for a new entry (or one deleted meanwhile: its form carries no version, above).
        merged = form.write_only is not None
        changed = set(form.write_only if merged else form.fields)
        if existing is not None:
            # An English wording left as it was is not written: a changed German one then drops it.
            changed -= {name for name in ("title_en", "answer_en") if name not in form.changed_data}
        entry = actions.publish_faq(
            question, request.user, **{name: form.cleaned_data[name] for name in changed}
        )
        if merged:
            messages.info(request, _("What Communications changed meanwhile in other fields is kept."))
        if existing is not None and not entry.is_published:
            messages.success(
                request,
                _(
                    "The FAQ entry is updated. It stays offline: the Communications team can put it "
                    "back online in the administration."
                ),
            )
        elif existing is not None:
            messages.success(request, _("The FAQ entry is updated."))
        else:
            messages.success(request, _("The FAQ entry is published."))
        return redirect(question.get_inbox_url())
    return render(
        request, "contacts/publish_faq.html", {"question": question, "form": form, "existing": existing}
    )


@require_POST
@_sent_from_an_old_page
def inbox_faq_offline(request: HttpRequest, pk: int) -> HttpResponse:
    """Addressed advisors only: take the FAQ entry made from a question offline at once (it
    gives the asker away, it was too early). Communications puts it back online in the admin."""
    question = access.get_inbox_question(request.user, pk)
    if actions.take_faq_offline(question):
        messages.success(
            request,
            _(
                "The FAQ entry is offline. The Communications team can put it back online in the administration."
            ),
        )
    elif FaqEntry.objects.filter(question=question).exists():  # a second click, or a colleague's
        messages.info(request, _("The FAQ entry was offline already."))
    else:  # Communications deleted it meanwhile
        messages.info(request, _("There is no FAQ entry for this question any more."))
    return redirect(question.get_inbox_url())
