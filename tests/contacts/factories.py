from __future__ import annotations

import factory
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


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    subject = factory.Sequence(lambda n: f"Frage {n}")
    body = "Darf ich das posten?"
    routed_to = Question.Route.TOPIC


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    title = factory.Sequence(lambda n: f"FAQ {n}")
    answer = "Ja, mit Hinweis auf den Arbeitgeber."
