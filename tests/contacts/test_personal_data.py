"""An advisor's download (portal.personal_data): how many questions reached their profile, never
whose or what; the taboo topics they speak for."""

from __future__ import annotations

import json

import pytest

from contacts import actions
from guidelines.models import TabooTopic
from tests.conftest import make_user
from tests.portal.test_personal_data import download

pytestmark = pytest.mark.django_db


def test_an_advisor_learns_how_many_questions_reached_them_by_status_but_not_whose_or_what(
    client, advisor, advisor_profile, second_advisor, outsider_advisor, topic, other_topic
):
    asker = make_user("frieda@example.com", full_name="Frieda Fragend")
    chosen = actions.ask_question(
        asker, subject="Darf ich posten?", body="Frieda fragt …", advisor=advisor_profile
    )
    actions.ask_question(asker, subject="Anonym zum Thema", body="…", topic=topic, anonymous=True)
    actions.ask_question(asker, subject="Nicht an Anton", body="…", topic=other_topic)
    actions.answer_question(chosen, advisor, "Ja.")
    TabooTopic.objects.create(name="Finanzkennzahlen", explanation="…", spokesperson=advisor_profile)
    TabooTopic.objects.create(name="Übernahmen", explanation="…", spokesperson=second_advisor)

    client.force_login(advisor)
    data = download(client, accept_language="en")
    profile = data["advisor_profile"]
    assert profile["questions_addressed_to_you"] == [
        {"status": {"code": "answered", "label": "answered"}, "count": 1},
        {"status": {"code": "open", "label": "open"}, "count": 1},  # the one routed by topic
    ]
    assert profile["spokesperson_for_taboo_topics"] == ["Finanzkennzahlen"]
    text = json.dumps(data["advisor_profile"], ensure_ascii=False)
    for askers_data in ("Frieda", "Darf ich posten?", "Frieda fragt", "Anonym zum Thema", "Nicht an Anton"):
        assert askers_data not in text

    client.force_login(outsider_advisor.user)  # the third question's only recipient
    assert download(client)["advisor_profile"]["questions_addressed_to_you"] == [
        {"status": {"code": "open", "label": "offen"}, "count": 1}
    ]
    client.force_login(asker)  # no profile: no counts (their own questions are under questions_asked)
    assert download(client)["advisor_profile"] is None
