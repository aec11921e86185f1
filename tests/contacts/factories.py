from __future__ import annotations

import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.models import Advisor, AdvisorTopic, FaqEntry, Question


class AdvisorTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvisorTopic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class AdvisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advisor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Beraterin {n}")
    job_title = "Referentin"
    email = factory.Sequence(lambda n: f"beraterin{n}@example.com")
    last_confirmed_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


_next = itertools.count(1).__next__


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    subject = factory.Sequence(lambda n: f"Frage {n}")
    body = "Darf ich das posten?"
    routed_to = Question.Route.TOPIC
    # A named question has an asker; an anonymous one none (AnonymousAsking keeps who).
    asker = factory.Maybe(
        "is_anonymous",
        yes_declaration=None,
        no_declaration=factory.LazyFunction(
            lambda: get_user_model().objects.create_user(email=f"asker{_next()}@example.com")
        ),
    )
    is_anonymous = False


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    title = factory.Sequence(lambda n: f"FAQ {n}")
    answer = "Ja, mit Hinweis auf den Arbeitgeber."
