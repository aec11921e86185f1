"""Factories for training modules, quizzes, campaigns and assignments."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

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
