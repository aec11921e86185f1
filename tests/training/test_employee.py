"""What an employee sees and does: the list, a lesson, the quiz, the calendar feed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import FeedToken
from tests.conftest import make_user, sent_drafts
from tests.training.factories import (
    AssignmentFactory,
    ModuleFactory,
    QuestionFactory,
    add_quiz,
    right_answers,
)
from training.models import Assignment, Choice, Module, QuizAttempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_assignment(employee):
    module = ModuleFactory(title="UWG: Arbeitgeber offenlegen", title_en="UWG: disclosing your employer")
    add_quiz(module)
    return AssignmentFactory(user=employee, module=module)


def test_list_shows_my_trainings_with_status_and_due_date(
    employee_client, employee, django_assert_num_queries
):
    today = timezone.localdate()
    AssignmentFactory(user=employee, module=ModuleFactory(title="Krisenkommunikation"))
    AssignmentFactory(
        user=employee, module=ModuleFactory(title="Alt"), due_date=today - datetime.timedelta(days=1)
    )
    AssignmentFactory(
        user=employee, module=ModuleFactory(title="Fertig"), status=Assignment.Status.PASSED,
        completed_at=timezone.now(),
    )  # fmt: skip
    other = make_user("other@example.com")
    AssignmentFactory(user=other, module=ModuleFactory(title="Nicht meins"))
    # session, user, assignments with modules, feed token, the user's roles (HR link, admin link)
    with django_assert_num_queries(5):
        response = employee_client.get(reverse("training:index"))
    assert response.status_code == 200
    text = response.text
    assert "Krisenkommunikation" in text
    assert "Fertig" in text
    assert "Nicht meins" not in text
    assert "überfällig" in text  # the one due yesterday, before the daily task ran
    assert "Bestanden" in text or "bestanden" in text
    assert '<h2 id="done-heading">Erledigt oder freigestellt</h2>' in text  # not "Abgeschlossen"


def test_list_speaks_english_with_english_titles(employee_client, employee):
    AssignmentFactory(user=employee, module=ModuleFactory(title="Grundlagen", title_en="Basics"))
    text = employee_client.get(reverse("training:index"), headers={"accept-language": "en"}).text
    assert "Basics" in text
    assert "My trainings" in text


def test_dashboard_card_shows_what_is_due_next(employee_client, employee):
    AssignmentFactory(user=employee, module=ModuleFactory(title="Als Nächstes"))
    response = employee_client.get(reverse("home"))
    assert "Als Nächstes" in response.text


def test_someone_elses_assignment_is_not_found(client, quiz_assignment):
    client.force_login(make_user("nosy@example.com"))
    assert client.get(reverse("training:detail", args=[quiz_assignment.pk])).status_code == 404
    assert client.get(reverse("training:quiz", args=[quiz_assignment.pk])).status_code == 404
    response = client.post(
        reverse("training:quiz", args=[quiz_assignment.pk]), right_answers(quiz_assignment.module)
    )
    assert response.status_code == 404
    assert not QuizAttempt.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, quiz_assignment):
    response = client.get(reverse("training:detail", args=[quiz_assignment.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_lesson_body_is_sanitised_and_opening_marks_it_in_progress(employee_client, employee):
    module = ModuleFactory(body="Hallo <script>alert(1)</script>**fett** [x](javascript:alert(1))")
    assignment = AssignmentFactory(user=employee, module=module)
    response = employee_client.get(reverse("training:detail", args=[assignment.pk]))
    assert "<strong>fett</strong>" in response.text
    assert "<script>alert" not in response.text
    assert "javascript:" not in response.text
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS


def test_headings_in_a_lesson_nest_under_the_modules_title(employee_client, employee):
    """ "# Einführung" in a lesson was a second h1 beside the module's title for a screen reader."""
    module = ModuleFactory(body="# Einführung\n\nText.\n\n## Beispiele\n\nMehr.\n\n###### Ganz tief")
    assignment = AssignmentFactory(user=employee, module=module)
    page = employee_client.get(reverse("training:detail", args=[assignment.pk])).text
    lesson = page.split('class="card training-lesson"', 1)[1].split("</article>", 1)[0]
    assert "<h2>Einführung</h2>" in lesson
    assert "<h3>Beispiele</h3>" in lesson
    assert "<h6>Ganz tief</h6>" in lesson  # no deeper than h6
    assert page.count("<h1") == 1


def test_opening_a_lesson_leaves_no_trace_of_when_in_the_history(employee_client, employee):
    assignment = AssignmentFactory(user=employee)
    recorded = assignment.history.count()
    employee_client.get(reverse("training:detail", args=[assignment.pk]))
    # HR's person history shows status changes with their day; reading is nobody's business.
    assert assignment.history.count() == recorded
    assert not assignment.history.filter(status=Assignment.Status.IN_PROGRESS).exists()


def test_the_pass_mark_is_said_in_questions_too(employee_client, employee, quiz_assignment):
    """ "80 % correct answers" of two questions is both: one right (50 %) failed, unannounced."""
    type(quiz_assignment.module).objects.filter(pk=quiz_assignment.module_id).update(pass_mark=80)
    detail = employee_client.get(reverse("training:detail", args=[quiz_assignment.pk])).text
    assert "Sie bestehen, wenn Sie 2 von 2 Fragen richtig beantworten (80 %)." in detail
    quiz = employee_client.get(reverse("training:quiz", args=[quiz_assignment.pk])).text
    assert "Sie bestehen, wenn Sie 2 von 2 Fragen richtig beantworten (80 %)." in quiz
    type(employee).objects.filter(pk=employee.pk).update(preferred_language="en")
    quiz = employee_client.get(reverse("training:quiz", args=[quiz_assignment.pk])).text
    assert "You pass with 2 of 2 questions right (80%)." in quiz


def test_passing_the_quiz_completes_the_module(employee_client, quiz_assignment):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    assert "Umsatzzahlen" in employee_client.get(url).text
    response = employee_client.post(
        url, {**right_answers(quiz_assignment.module), "attempt": "1"}, follow=True
    )
    assert "Bestanden mit 100" in response.text
    quiz_assignment.refresh_from_db()
    assert quiz_assignment.status == Assignment.Status.PASSED
    assert quiz_assignment.completed_how == Assignment.Completion.QUIZ
    attempt = QuizAttempt.objects.get()
    assert attempt.score == 100
    assert attempt.passed


def test_a_passed_trainings_page_leads_back_to_the_result_with_the_explanations(
    employee_client, quiz_assignment
):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "1"})
    detail = employee_client.get(reverse("training:detail", args=[quiz_assignment.pk])).text
    # Once passed, the right answers are shown: the page said nothing of them after the redirect.
    assert (
        f'<a href="{reverse("training:quiz_result", args=[quiz_assignment.pk, 1])}">Quiz-Ergebnis</a>'
        in detail
    )


def test_a_renewal_round_does_not_show_last_rounds_passed_result_with_the_answer_key(
    employee_client, quiz_assignment
):
    """Last round's attempt 1 showed this round's right answers (✓) before attempt 1 was taken."""
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "1"})
    result = reverse("training:quiz_result", args=[quiz_assignment.pk, 1])
    assert "✓" in employee_client.get(result).text
    Assignment.objects.filter(pk=quiz_assignment.pk).update(
        cycle=2, status=Assignment.Status.RENEWAL_DUE, completed_at=None
    )
    assert employee_client.get(result).status_code == 404
    detail = employee_client.get(reverse("training:detail", args=[quiz_assignment.pk])).text
    assert result not in detail


def test_an_old_failed_attempt_invites_no_retry_once_the_training_is_passed(employee_client, quiz_assignment):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    wrong = {
        f"q{q.pk}": [str(c.pk) for c in q.choices.all() if not c.is_correct]
        for q in quiz_assignment.module.questions.all()
    }
    employee_client.post(url, {**wrong, "attempt": "1"})
    failed = reverse("training:quiz_result", args=[quiz_assignment.pk, 1])
    assert "Noch einmal versuchen" in employee_client.get(failed).text
    employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "2"})
    page = employee_client.get(failed).text
    assert "Noch einmal versuchen" not in page
    assert "versuchen Sie es noch einmal" not in page
    assert "Stand der Schulung jetzt: bestanden" in page


def test_a_question_hr_has_not_finished_is_left_out_of_the_quiz(employee_client, quiz_assignment):
    """A question without answers (or without a correct one) made the quiz impossible to pass."""
    QuestionFactory(module=quiz_assignment.module, text="Noch ohne Antworten?", position=3)
    unfinished = QuestionFactory(module=quiz_assignment.module, text="Nichts richtig?", position=4)
    Choice.objects.create(question=unfinished, text="Falsch", is_correct=False)
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    page = employee_client.get(url).text
    assert "Noch ohne Antworten?" not in page
    assert "Nichts richtig?" not in page
    answers = {
        f"q{q.pk}": [str(c.pk) for c in q.choices.all() if c.is_correct]
        for q in quiz_assignment.module.questions.in_quiz()
    }
    response = employee_client.post(url, {**answers, "attempt": "1"}, follow=True)
    assert "Bestanden mit 100" in response.text


def test_failed_quiz_shows_which_answers_were_wrong_and_allows_a_retry(employee_client, quiz_assignment):
    questions = {q.kind: q for q in quiz_assignment.module.questions.all()}
    single, multiple = questions["single"], questions["multiple"]
    wrong_single = single.choices.get(is_correct=False)
    answers = {
        f"q{single.pk}": [str(wrong_single.pk)],
        # Only one of the two right answers: a multiple-choice question counts only when complete.
        f"q{multiple.pk}": [str(multiple.choices.filter(is_correct=True).first().pk)],
        "attempt": "1",
    }
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    response = employee_client.post(url, answers, follow=True)
    assert "0 %" in response.text
    assert response.text.count("Nicht ganz") == 2
    quiz_assignment.refresh_from_db()
    assert quiz_assignment.status == Assignment.Status.IN_PROGRESS
    # HR sees "in progress", but not when somebody tried the quiz (no history record of it).
    assert not quiz_assignment.history.filter(status=Assignment.Status.IN_PROGRESS).exists()
    # The second attempt passes.
    employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "2"})
    quiz_assignment.refresh_from_db()
    assert quiz_assignment.status == Assignment.Status.PASSED
    assert list(QuizAttempt.objects.values_list("number", "passed")) == [(1, False), (2, True)]


def test_attempts_run_out(employee_client, quiz_assignment):
    module = quiz_assignment.module
    module.max_attempts = 1
    module.pass_mark = 100
    module.save()
    single = module.questions.get(kind="single")
    answers = {**right_answers(module), f"q{single.pk}": [str(single.choices.get(is_correct=False).pk)]}
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    employee_client.post(url, {**answers, "attempt": "1"})
    response = employee_client.post(url, {**right_answers(module), "attempt": "2"}, follow=True)
    assert "alle Versuche" in response.text
    assert QuizAttempt.objects.count() == 1
    # Opening the quiz again leads to the training's page, which says it once (it said it twice).
    page = employee_client.get(url, follow=True)
    assert page.redirect_chain[-1][0] == reverse("training:detail", args=[quiz_assignment.pk])
    assert page.text.count("alle Versuche aufgebraucht") == 1


def test_the_quiz_and_a_failed_result_say_how_many_attempts_are_left(employee_client, quiz_assignment):
    module = quiz_assignment.module
    module.max_attempts = 2
    module.pass_mark = 100
    module.save()
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    assert "Sie haben noch 2 Versuche." in employee_client.get(url).text
    single = module.questions.get(kind="single")
    wrong = {**right_answers(module), f"q{single.pk}": [str(single.choices.get(is_correct=False).pk)]}
    result = employee_client.post(url, {**wrong, "attempt": "1"}, follow=True).text
    assert "Sie haben noch 1 Versuch." in result  # before "Try again": the next one is the last
    assert "Sie haben noch 1 Versuch." in employee_client.get(url).text
    module.max_attempts = 0  # unlimited: nothing to count
    module.save()
    assert "Sie haben noch" not in employee_client.get(url).text


def test_quiz_graded_on_server_ignores_a_forged_score(employee_client, quiz_assignment):
    quiz_assignment.module.pass_mark = 80
    quiz_assignment.module.save()
    single = quiz_assignment.module.questions.get(kind="single")
    answers = {
        **right_answers(quiz_assignment.module),
        f"q{single.pk}": [str(single.choices.get(is_correct=False).pk)],
    }
    employee_client.post(
        reverse("training:quiz", args=[quiz_assignment.pk]),
        {**answers, "attempt": "1", "score": "100", "passed": "true"},
    )
    attempt = QuizAttempt.objects.get()
    assert attempt.score == 50
    assert not attempt.passed


def test_answers_to_another_modules_questions_are_refused(employee_client, quiz_assignment):
    other = ModuleFactory(title="Andere")
    add_quiz(other)
    forged = {**right_answers(quiz_assignment.module), **right_answers(other), "attempt": "1"}
    response = employee_client.post(reverse("training:quiz", args=[quiz_assignment.pk]), forged)
    assert response.status_code == 200
    assert "gehören nicht zu diesem Quiz" in response.text
    assert not QuizAttempt.objects.exists()


def test_a_choice_of_another_question_is_refused(employee_client, quiz_assignment):
    questions = {q.kind: q for q in quiz_assignment.module.questions.all()}
    answers = right_answers(quiz_assignment.module)
    answers[f"q{questions['single'].pk}"] = [str(questions["multiple"].choices.first().pk)]
    response = employee_client.post(
        reverse("training:quiz", args=[quiz_assignment.pk]), {**answers, "attempt": "1"}
    )
    assert "gehören nicht zu diesem Quiz" in response.text
    assert not QuizAttempt.objects.exists()


def test_answering_a_single_choice_question_twice_is_refused(employee_client, quiz_assignment):
    single = quiz_assignment.module.questions.get(kind="single")
    answers = {**right_answers(quiz_assignment.module), "attempt": "1"}
    answers[f"q{single.pk}"] = [str(c.pk) for c in single.choices.all()]
    response = employee_client.post(reverse("training:quiz", args=[quiz_assignment.pk]), answers)
    assert "nur eine Antwort" in response.text
    answers[f"q{single.pk}"] = [str(single.choices.get(is_correct=True).pk)] * 2
    response = employee_client.post(reverse("training:quiz", args=[quiz_assignment.pk]), answers)
    assert "gehören nicht zu diesem Quiz" in response.text
    assert not QuizAttempt.objects.exists()


def test_unanswered_and_garbage_answers_get_a_clear_message(employee_client, quiz_assignment):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    response = employee_client.post(url, {"attempt": "1"})
    assert "Bitte beantworten Sie die Fragen 1 und 2." in response.text
    assert "<title>Fehler:" in response.text  # the title a screen reader reads first says so
    questions = list(quiz_assignment.module.quiz_questions())
    # Only the second left out: named, and marked at the question for screen readers too.
    single = questions[0]
    answered = {f"q{single.pk}": [str(single.choices.first().pk)], "attempt": "1"}
    response = employee_client.post(url, answered)
    assert "Bitte beantworten Sie Frage 2." in response.text
    missing = questions[1].pk
    assert response.text.count(f'aria-describedby="missing-{missing}"') == 1 + questions[1].choices.count()
    assert (
        f'<p class="errorlist" id="missing-{missing}">Bitte beantworten Sie diese Frage.</p>' in response.text
    )
    assert f'aria-describedby="missing-{single.pk}"' not in response.text
    assert "checked" in response.text  # the answer given stays chosen
    response = employee_client.post(url, {"qabc": ["x"], "attempt": "nope"})
    assert response.status_code == 200
    assert not QuizAttempt.objects.exists()


def test_resubmitting_the_same_form_counts_once(employee_client, quiz_assignment):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    single = quiz_assignment.module.questions.get(kind="single")
    wrong = {
        **right_answers(quiz_assignment.module),
        f"q{single.pk}": [str(single.choices.get(is_correct=False).pk)],
    }
    quiz_assignment.module.pass_mark = 100
    quiz_assignment.module.save()
    employee_client.post(url, {**wrong, "attempt": "1"})
    response = employee_client.post(
        url, {**right_answers(quiz_assignment.module), "attempt": "1"}, follow=True
    )
    assert "bereits abgeschickt" in response.text
    assert QuizAttempt.objects.count() == 1
    quiz_assignment.refresh_from_db()
    assert quiz_assignment.status == Assignment.Status.IN_PROGRESS


@pytest.mark.parametrize("attempt", ["-1", "abc", "", "99999999999999999999", "7"])
def test_an_unreadable_attempt_number_asks_to_answer_again_and_keeps_the_choices(
    employee_client, quiz_assignment, attempt
):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    response = employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": attempt})
    assert response.status_code == 200
    assert "konnte nicht gelesen werden" in response.text
    assert "bereits abgeschickt" not in response.text
    assert response.context["selected"]  # what was chosen stays chosen
    assert not QuizAttempt.objects.exists()


def test_submitting_after_passing_is_refused(employee_client, quiz_assignment):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "1"})
    employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "2"})
    assert QuizAttempt.objects.count() == 1
    assert employee_client.get(url).status_code == 302


def test_external_link_is_completed_by_confirming(employee_client, employee):
    module = ModuleFactory(kind=Module.Kind.LINK, external_url="https://learn.example.com/course")
    assignment = AssignmentFactory(user=employee, module=module)
    assert "learn.example.com" in employee_client.get(reverse("training:detail", args=[assignment.pk])).text
    employee_client.post(reverse("training:complete", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PASSED
    assert assignment.completed_how == Assignment.Completion.CONFIRMED


def test_a_confirmation_clicked_by_mistake_is_taken_back_by_the_person(employee_client, employee):
    module = ModuleFactory(kind=Module.Kind.LINK, external_url="https://learn.example.com/course")
    assignment = AssignmentFactory(user=employee, module=module)
    detail = reverse("training:detail", args=[assignment.pk])
    employee_client.get(detail)  # opened: in progress
    employee_client.post(reverse("training:complete", args=[assignment.pk]))
    undo = reverse("training:take_back_completion", args=[assignment.pk])
    assert undo in employee_client.get(detail).text
    response = employee_client.post(undo, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        german("Your confirmation is taken back: the training is due again.")
    ]
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.IN_PROGRESS  # as before the click
    assert (assignment.completed_at, assignment.completed_how, assignment.valid_until) == (None, "", None)
    assert undo not in response.text
    # A second click (or another tab): said, nothing changes.
    again = employee_client.post(undo, follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        german("Your confirmation was taken back already.")
    ]
    assert employee_client.get(undo).status_code == 405


def test_a_passed_quiz_is_not_taken_back_as_a_confirmation(employee_client, employee, quiz_assignment):
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "1"})
    undo = reverse("training:take_back_completion", args=[quiz_assignment.pk])
    assert undo not in employee_client.get(reverse("training:detail", args=[quiz_assignment.pk])).text
    response = employee_client.post(undo, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        german("Only your own confirmation can be taken back here.")
    ]
    quiz_assignment.refresh_from_db()
    assert quiz_assignment.status == Assignment.Status.PASSED
    # Nobody else's: another person's assignment is not found.
    other = AssignmentFactory(
        user=make_user("kollege@example.com"), module=ModuleFactory(kind=Module.Kind.LESSON)
    )
    assert employee_client.post(reverse("training:take_back_completion", args=[other.pk])).status_code == 404


def german(text: str) -> str:
    """A message as the (German) page says it, whether or not the catalogue has it yet."""
    with translation.override("de"):
        return translation.gettext(text)


def test_completing_needs_post(employee_client, employee):
    assignment = AssignmentFactory(
        user=employee, module=ModuleFactory(kind=Module.Kind.LINK, external_url="https://x.example")
    )
    assert employee_client.get(reverse("training:complete", args=[assignment.pk])).status_code == 405


def test_a_quiz_module_cannot_be_completed_without_the_quiz(employee_client, quiz_assignment):
    response = employee_client.post(reverse("training:complete", args=[quiz_assignment.pk]), follow=True)
    assert "Bitte bestehen Sie das Quiz" in response.text
    quiz_assignment.refresh_from_db()
    assert quiz_assignment.is_open


def test_employee_cannot_complete_a_workshop_themselves(employee_client, employee):
    assignment = AssignmentFactory(user=employee, module=ModuleFactory(kind=Module.Kind.WORKSHOP))
    employee_client.post(reverse("training:complete", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.is_open


def test_calendar_feed_at_secret_url_can_be_revoked(employee_client, employee):
    client = Client()  # a calendar app: no session
    module = ModuleFactory(title="Krisen, Kommunikation; und mehr")
    AssignmentFactory(user=employee, module=module, due_date=datetime.date(2030, 3, 15))
    employee_client.post(reverse("training:calendar_token"))
    token = FeedToken.objects.get(user=employee, purpose=FeedToken.Purpose.CALENDAR)
    assert token.key in employee_client.get(reverse("training:index")).text
    feed = client.get(reverse("training:calendar_feed", args=[token.key]))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "DTSTART;VALUE=DATE:20300315" in body
    assert "Krisen\\, Kommunikation\\; und mehr" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    old_key = token.key
    employee_client.post(reverse("training:calendar_token"), {"rotate": "1"})
    assert client.get(reverse("training:calendar_feed", args=[old_key])).status_code == 404
    token.refresh_from_db()
    assert client.get(reverse("training:calendar_feed", args=[token.key])).status_code == 200
    # Switched off: the address no longer works, and the page offers to create one again.
    page = employee_client.post(reverse("training:calendar_token"), {"action": "off"}, follow=True)
    assert "Ihre Kalenderadresse ist abgeschaltet" in page.text
    assert "Kalenderadresse erzeugen" in page.text
    assert client.get(reverse("training:calendar_feed", args=[token.key])).status_code == 404


def test_calendar_feed_of_a_deactivated_person_is_gone(client, employee):
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.CALENDAR)
    employee.is_active = False
    employee.save()
    assert client.get(reverse("training:calendar_feed", args=[token.key])).status_code == 404
    assert client.get(reverse("training:calendar_feed", args=["guess"])).status_code == 404


def test_a_superscript_digit_in_an_answer_key_is_a_form_error_not_a_crash(employee_client, quiz_assignment):
    # "²".isdigit() is True, int("²") fails: the form must come back, not a 500.
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    response = employee_client.post(url, {"q²": ["1"], "attempt": "1"})
    assert response.status_code == 200
    assert "Die Antworten konnten nicht gelesen werden" in response.text
    assert not QuizAttempt.objects.exists()


def test_calendar_feed_with_a_nul_in_the_key_is_refused(client):
    # PostgreSQL refuses NUL characters in a query: a bad request, not a server error.
    assert client.get("/trainings/feed/%00.ics").status_code in (400, 404)


def test_calendar_feed_speaks_the_persons_language(client, employee):
    employee.preferred_language = "de"
    employee.save()
    start = timezone.now() + datetime.timedelta(days=3)
    workshop = ModuleFactory(
        title="LinkedIn-Profil-Workshop", kind=Module.Kind.WORKSHOP, workshop_starts_at=start
    )
    AssignmentFactory(user=employee, module=workshop)
    token = FeedToken.objects.for_user(employee, FeedToken.Purpose.CALENDAR)
    body = client.get(reverse("training:calendar_feed", args=[token.key])).content.decode()
    assert "X-WR-CALNAME:Meine Schulungen" in body
    assert "SUMMARY:Schulung fällig: LinkedIn-Profil-Workshop" in body
    assert "SUMMARY:Workshop: LinkedIn-Profil-Workshop" in body
    assert "Training due" not in body
    # A renewal round: the workshop held for the first one is not this round's (as its reminders).
    Assignment.objects.filter(user=employee, module=workshop).update(cycle=2)
    renewal = client.get(reverse("training:calendar_feed", args=[token.key])).content.decode()
    assert "SUMMARY:Schulung fällig: LinkedIn-Profil-Workshop" in renewal
    assert "SUMMARY:Workshop:" not in renewal


def test_a_workshops_time_reads_as_german_writes_it(employee_client, employee):
    """ "20. Dezember 2026, 14:00", not Django's "20. Dezember 2026 14:00" (date and time run together)."""
    tz = timezone.get_current_timezone()
    workshop = ModuleFactory(
        kind=Module.Kind.WORKSHOP,
        workshop_starts_at=datetime.datetime(2026, 12, 20, 14, tzinfo=tz),
        workshop_ends_at=datetime.datetime(2026, 12, 20, 16, tzinfo=tz),
    )
    assignment = AssignmentFactory(user=employee, module=workshop)
    page = employee_client.get(reverse("training:detail", args=[assignment.pk]))
    assert "20. Dezember 2026, 14:00 – 16:00" in page.text
    # English on the 24-hour clock too, as the mails are ("20 Dec 2026, 2 p.m. – 4 p.m." before).
    page = employee_client.get(
        reverse("training:detail", args=[assignment.pk]), headers={"accept-language": "en"}
    )
    assert "20 Dec 2026, 14:00 – 16:00" in page.text


def test_an_excused_persons_quiz_says_excused_not_passed(employee_client, quiz_assignment):
    quiz_assignment.status = Assignment.Status.EXCUSED
    quiz_assignment.excused_reason = "Elternzeit"
    quiz_assignment.save()
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    page = employee_client.get(url, follow=True)
    assert "freigestellt – es ist nichts zu tun" in page.text
    assert "bereits bestanden" not in page.text
    sent = employee_client.post(url, {**right_answers(quiz_assignment.module), "attempt": "1"}, follow=True)
    assert "freigestellt – es ist nichts zu tun" in sent.text
    assert not QuizAttempt.objects.exists()
    # The facts line under the title has no empty item ("freigestellt · · Online-Lektion").
    detail = employee_client.get(reverse("training:detail", args=[quiz_assignment.pk])).text
    assert "· ·" not in " ".join(detail.split())


def test_confirming_a_link_training_one_was_excused_from_meanwhile_says_excused_not_completed(
    employee_client, employee
):
    assignment = AssignmentFactory(user=employee, module=ModuleFactory(kind=Module.Kind.LINK))
    # The page was open when HR excused the person; then they click "I have completed the training".
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.EXCUSED, excused_reason="Elternzeit"
    )
    page = employee_client.post(reverse("training:complete", args=[assignment.pk]), follow=True).text
    assert "freigestellt – es ist nichts zu tun" in page
    assert "bereits abgeschlossen" not in page
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.EXCUSED


def test_a_workshop_is_never_completed_by_a_quiz(employee_client, employee):
    module = ModuleFactory(kind=Module.Kind.WORKSHOP)
    add_quiz(module)  # the admin lets HR add one
    assignment = AssignmentFactory(user=employee, module=module)
    page = employee_client.get(reverse("training:detail", args=[assignment.pk])).text
    assert reverse("training:quiz", args=[assignment.pk]) not in page
    quiz = reverse("training:quiz", args=[assignment.pk])
    assert employee_client.get(quiz).status_code == 404
    employee_client.post(quiz, {"attempt": "1", **right_answers(module)})
    assignment.refresh_from_db()
    assert assignment.is_open
    assert not QuizAttempt.objects.exists()


def test_a_result_keeps_the_verdicts_it_was_graded_with_after_hr_corrects_the_quiz(
    employee_client, quiz_assignment
):
    module = quiz_assignment.module
    employee_client.post(
        reverse("training:quiz", args=[quiz_assignment.pk]), {**right_answers(module), "attempt": "1"}
    )
    single = module.questions.get(position=1)
    single.choices.update(is_correct=~F("is_correct"))  # HR swaps the right answer afterwards
    QuestionFactory(module=module, text="Eine neue Frage?", position=3)
    page = employee_client.get(reverse("training:quiz_result", args=[quiz_assignment.pk, 1])).text
    assert "Bestanden mit 100" in page
    assert "Nicht ganz" not in page  # as graded: every answer right
    assert "Eine neue Frage?" not in page  # not part of this attempt
    # The tick stays on the answer chosen ("Richtig" with the tick on another one contradicted it).
    [item] = [
        li
        for li in re.findall(r"<li class=\"card training-result.*?</li>\s*</ul>", page, re.S)
        if single.display_text in li
    ]
    ticked = re.findall(r"<li><span[^>]*>([^<]*)</span>([^<]*<em>[^<]*</em>)?\s*✓</li>", item)
    [(_answer, yours)] = ticked  # one tick,
    assert "Ihre Antwort" in yours  # on the answer chosen


def test_answers_sent_tell_the_tab_to_forget_them_and_refused_ones_do_not(employee_client, quiz_assignment):
    """The answers chosen are kept in the browser tab until sent (static/js/keep-draft.js)."""
    url = reverse("training:quiz", args=[quiz_assignment.pk])
    refused = employee_client.post(url, {"attempt": "1"})
    assert "Bitte beantworten Sie die Fragen 1 und 2." in refused.text
    assert sent_drafts(refused.text) == []
    response = employee_client.post(
        url, {**right_answers(quiz_assignment.module), "attempt": "1"}, follow=True
    )
    assert "Bestanden mit 100" in response.text
    assert sent_drafts(response.text) == ["quiz"]


def test_completed_trainings_are_alphabetical_with_umlauts_among_their_letters(employee_client, employee):
    for title in ("Zitate", "Öffentlich auftreten", "Datenschutz"):
        AssignmentFactory(
            user=employee, module=ModuleFactory(title=title), status=Assignment.Status.PASSED,
            completed_at=timezone.now(),
        )  # fmt: skip
    text = employee_client.get(reverse("training:index")).text
    assert text.index("Datenschutz") < text.index("Öffentlich auftreten") < text.index("Zitate")
