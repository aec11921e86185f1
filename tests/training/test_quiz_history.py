"""Quiz questions and answers keep a history: a rewording or a deletion by HR can be undone."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import ModuleFactory, add_quiz, right_answers
from training import actions
from training.models import Choice, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


def post_question(client, question: Question, **changes):
    """Save ``question`` on its own admin page with its answers as they are, and ``changes``."""
    answers = list(question.choices.all())
    data = {
        "module": question.module_id, "text": question.text, "text_en": question.text_en,
        "kind": question.kind, "position": question.position,
        "choices-TOTAL_FORMS": str(len(answers)), "choices-INITIAL_FORMS": str(len(answers)),
    }  # fmt: skip
    for index, answer in enumerate(answers):
        data.update({
            f"choices-{index}-id": answer.pk, f"choices-{index}-question": question.pk,
            f"choices-{index}-text": answer.text, f"choices-{index}-position": answer.position,
        })  # fmt: skip
        if answer.is_correct:
            data[f"choices-{index}-is_correct"] = "on"
    data.update(changes)
    return client.post(reverse("admin:training_question_change", args=[question.pk]), data)


def test_a_reworded_question_and_answer_are_listed_in_the_modules_history_and_restored(hr_client, hr):
    module = ModuleFactory()
    single = add_quiz(module)["single"]
    response = post_question(
        hr_client, single, text="Darf ich meinen Arbeitgeber nennen?", **{"choices-0-text": "Ja, gern"}
    )
    assert response.status_code == 302

    history = hr_client.get(reverse("admin:training_module_history", args=[module.pk]))
    rows = history.context["rewordings"]
    assert sorted((row.before_text, row.after_text) for row in rows) == [
        ("Ja (richtig) – Darf ich meinen Arbeitgeber nennen?", "Ja, gern (richtig) – Darf ich meinen Arbeitgeber nennen?"),
        ("Muss ich meinen Arbeitgeber nennen? (Einfachauswahl)", "Darf ich meinen Arbeitgeber nennen? (Einfachauswahl)"),
    ]  # fmt: skip
    assert all(row.record.history_user == hr for row in rows)
    assert "Quizfragen und Antworten umformuliert" in history.text

    question_row = next(row for row in rows if row.label == "training.question")
    response = hr_client.post(
        reverse("admin:training_module_restore_wording", args=[module.pk]),
        {"restore": f"{question_row.label}:{question_row.before.history_id}"},
        follow=True,
    )
    assert "ist wiederhergestellt" in response.text
    single.refresh_from_db()
    assert single.text == "Muss ich meinen Arbeitgeber nennen?"
    assert single.choices.get(position=1).text == "Ja, gern"  # only what was restored

    # A record of another module's question is not restored from this module's page.
    other = ModuleFactory()
    response = hr_client.post(
        reverse("admin:training_module_restore_wording", args=[other.pk]),
        {"restore": f"{question_row.label}:{question_row.before.history_id}"},
    )
    assert response.status_code == 404


def test_an_english_only_rewording_says_what_changed(hr_client):
    """The row read "Was ist richtig? → Was ist richtig?": the English text was nowhere."""
    module = ModuleFactory()
    single = add_quiz(module)["single"]
    assert post_question(hr_client, single, text_en="What is right?").status_code == 302
    single.refresh_from_db()
    assert post_question(hr_client, single, text_en="What is correct?").status_code == 302
    row = hr_client.get(reverse("admin:training_module_history", args=[module.pk])).context["rewordings"][0]
    assert row.before_text.endswith("(Frage (Englisch): What is right?)")
    assert row.after_text.endswith("(Frage (Englisch): What is correct?)")


def test_a_deleted_question_comes_back_with_its_answers_and_the_quiz_works_again(hr_client, employee):
    module = ModuleFactory()
    multiple = add_quiz(module)["multiple"]
    answers = {choice.pk: (choice.text, choice.is_correct) for choice in multiple.choices.all()}
    question_id = multiple.pk
    multiple.delete()
    assert not Choice.objects.filter(question_id=question_id).exists()

    deleted_url = reverse("admin:training_module_deleted")
    page = hr_client.get(deleted_url)
    assert page.status_code == 200
    assert [(row[2].instance.pk, row[3]) for row in page.context["page"].object_list] == [
        (question_id, str(module))
    ]
    record = page.context["page"].object_list[0][2]
    response = hr_client.post(deleted_url, {"restore": f"training.question:{record.history_id}"}, follow=True)
    assert "ist wiederhergestellt" in response.text

    restored = Question.objects.get(pk=question_id)
    assert {c.pk: (c.text, c.is_correct) for c in restored.choices.all()} == answers
    assert restored in Question.objects.in_quiz()
    score, _wrong = actions.grade(
        module, {int(k[1:]): list(map(int, v)) for k, v in right_answers(module).items()}
    )
    assert score == 100
    assert hr_client.get(deleted_url).context["page"].object_list == []
    # Restored twice (an old page): said, not a 500.
    response = hr_client.post(deleted_url, {"restore": f"training.question:{record.history_id}"}, follow=True)
    assert "schon wieder da" in response.text


def test_an_answer_that_would_break_a_single_choice_question_is_not_restored(hr_client):
    module = ModuleFactory()
    single = add_quiz(module)["single"]
    right = single.choices.get(is_correct=True)
    right.delete()
    Choice.objects.filter(question=single).update(is_correct=True)  # "Nein" is right now

    deleted_url = reverse("admin:training_module_deleted")
    record = hr_client.get(deleted_url).context["page"].object_list[0][2]
    response = hr_client.post(deleted_url, {"restore": f"training.choice:{record.history_id}"}, follow=True)
    assert "kann nicht wiederhergestellt werden" in response.text
    assert single.choices.count() == 1

    Choice.objects.filter(question=single).update(is_correct=False)
    response = hr_client.post(deleted_url, {"restore": f"training.choice:{record.history_id}"}, follow=True)
    assert "ist wiederhergestellt" in response.text
    assert single.choices.filter(is_correct=True).get().text == "Ja"


def test_only_hr_sees_and_restores_deleted_quiz_items(client, employee, comms):
    module = ModuleFactory()
    add_quiz(module)["single"].delete()
    record = Question.history.filter(history_type="-").get()
    deleted_url = reverse("admin:training_module_deleted")
    for user in (employee, comms):
        client.force_login(user)
        assert client.get(deleted_url).status_code in (302, 403)
        client.post(deleted_url, {"restore": f"training.question:{record.history_id}"})
    assert not Question.objects.filter(pk=record.id).exists()
    client.force_login(comms)
    response = client.post(deleted_url, {"restore": "training.question:not-a-number"})
    assert response.status_code in (302, 403)


def test_bad_restore_buttons_are_refused(hr_client):
    deleted_url = reverse("admin:training_module_deleted")
    assert hr_client.post(deleted_url, {"restore": "training.question:abc"}).status_code == 403
    assert hr_client.post(deleted_url, {"restore": "portal.user:1"}).status_code == 403
    assert hr_client.post(deleted_url, {"restore": "training.question:99999999"}).status_code == 404
    # The restore button's address opened as a page: "belongs to a button", not "another role".
    module = ModuleFactory()
    opened = hr_client.get(reverse("admin:training_module_restore_wording", args=[module.pk]))
    assert opened.status_code == 405
    assert "Diese Adresse gehört zu einer Schaltfläche" in opened.text


def test_restores_never_leave_a_question_unanswerable(hr_client):
    module = ModuleFactory()
    single = add_quiz(module)["single"]
    yes, no = single.choices.get(text="Ja"), single.choices.get(text="Nein")
    # HR swaps which answer is right, then restores the wrong one's earlier wording "Nein (falsch)".
    yes.is_correct = False
    yes.save()
    no.is_correct = True
    no.save()
    history = hr_client.get(reverse("admin:training_module_history", args=[module.pk]))
    row = next(r for r in history.context["rewordings"] if r.before_text.startswith("Nein (falsch) – "))
    response = hr_client.post(
        reverse("admin:training_module_restore_wording", args=[module.pk]),
        {"restore": f"{row.label}:{row.before.history_id}"},
        follow=True,
    )
    assert "keine richtige Antwort mehr" in response.text
    assert single.choices.filter(is_correct=True).count() == 1

    # An answer deleted on its own is not brought back with its question later.
    yes.delete()
    single.choices.create(text="Vielleicht", is_correct=False, position=3)
    question_id = single.pk
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=10), tick=False):
        single.delete()
    record = Question.history.filter(id=question_id, history_type="-").latest("history_date")
    single = actions.restore_question(record)
    assert sorted(single.choices.values_list("text", "is_correct")) == [("Nein", True), ("Vielleicht", False)]


def test_a_question_cannot_be_put_back_from_its_own_history_page(hr_client):
    module = ModuleFactory()
    question = add_quiz(module)["multiple"]
    first = question.history.earliest("history_date")
    url = reverse("admin:training_question_simple_history", args=[question.pk, first.history_id])
    assert (
        hr_client.post(url, {"module": module.pk, "text": "x", "kind": "single", "position": 1}).status_code
        == 403
    )


def test_a_role_that_only_views_cannot_revert_from_the_history(hr_client, employee):
    from tests.training.factories import AssignmentFactory
    from training.models import Assignment

    assignment = AssignmentFactory(user=employee)
    version = assignment.history.earliest("history_date")
    url = reverse("admin:training_assignment_simple_history", args=[assignment.pk, version.history_id])
    # HR reads the changes in the list; this page's form has the minute somebody completed it.
    assert hr_client.get(url).status_code == 403
    response = hr_client.post(url, {"user": employee.pk, "module": assignment.module_id, "status": "excused",
                                     "due_date": "2001-01-01", "cycle": 1, "extra_attempts": 0})  # fmt: skip
    assert response.status_code == 403
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.NOT_STARTED
    assert hr_client.get(reverse("admin:training_assignment_history", args=["abc"])).status_code == 404
