"""Factories for training modules, quizzes, campaigns and assignments."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from portal.models import Department
from tests.conftest import make_user
from training.models import Assignment, Choice, Module, Question


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    title = factory.Sequence(lambda n: f"Social-Media-Grundlagen {n}")
    title_en = factory.Sequence(lambda n: f"Social media basics {n}")
    summary = "Was Sie vor dem ersten Beitrag wissen sollten."
    body = "## Grundlagen\n\nSeien Sie **freundlich**."
    kind = Module.Kind.LESSON
    estimated_minutes = 10
    pass_mark = 50
    max_attempts = 3


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    module = factory.SubFactory(ModuleFactory)
    text = factory.Sequence(lambda n: f"Frage {n}?")
    kind = Question.Kind.SINGLE


def add_quiz(module: Module) -> dict[str, Question]:
    """Two questions: a single-choice one (right: "Ja") and a multiple-choice one (right: A and C)."""
    single = QuestionFactory(module=module, text="Muss ich meinen Arbeitgeber nennen?", position=1)
    Choice.objects.create(question=single, text="Ja", is_correct=True, position=1)
    Choice.objects.create(question=single, text="Nein", is_correct=False, position=2)
    multiple = QuestionFactory(
        module=module, text="Was ist vertraulich?", kind=Question.Kind.MULTIPLE, position=2
    )
    Choice.objects.create(question=multiple, text="A: Umsatzzahlen", is_correct=True, position=1)
    Choice.objects.create(question=multiple, text="B: Die Website", is_correct=False, position=2)
    Choice.objects.create(question=multiple, text="C: Kundenprojekte", is_correct=True, position=3)
    return {"single": single, "multiple": multiple}


def right_answers(module: Module) -> dict[str, list[str]]:
    return {f"q{q.pk}": [str(c.pk) for c in q.choices.all() if c.is_correct] for q in module.questions.all()}


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    module = factory.SubFactory(ModuleFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


# German name, English name, the person in it; the last without a department.
BILINGUAL_DEPARTMENTS = [
    ("Vertrieb", "Sales", "Vera Verkauf"),
    ("Einkauf", "Purchasing", "Emil Einkauf"),
    ("Personal", "Human resources", "Paula Personal"),
    ("Ärztlicher Dienst", "Medical service", "Ärzte Ärztin"),
    (None, None, "Otto Ohne"),
]
ENGLISH_ORDER = ["Paula Personal", "Ärzte Ärztin", "Emil Einkauf", "Vera Verkauf", "Otto Ohne"]
GERMAN_ORDER = ["Ärzte Ärztin", "Emil Einkauf", "Paula Personal", "Vera Verkauf", "Otto Ohne"]


def overdue_in_bilingual_departments(module: Module | None = None) -> None:
    """One person overdue in each of BILINGUAL_DEPARTMENTS."""
    module = module or ModuleFactory(title="Grundlagen")
    for name, english, person in BILINGUAL_DEPARTMENTS:
        group = Department.objects.create(name=name, name_en=english) if name else None
        user = make_user(f"{person.split()[0].lower()}@example.com", full_name=person, department=group)
        AssignmentFactory(
            user=user, module=module, due_date=timezone.localdate() - datetime.timedelta(days=3)
        )


def in_order(text: str, names: list[str]) -> list[str]:
    """``names`` in the order ``text`` has them."""
    return sorted(names, key=text.index)
