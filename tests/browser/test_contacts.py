"""An employee finds an advisor by topic and asks anonymously; the advisor answers; the employee reads it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from contacts.models import Advisor, AdvisorTopic
from portal.roles import Role
from tests.conftest import make_user


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name=re.compile("Hallo"))).to_be_visible()


def sign_out(page: Page) -> None:
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_anonymous_question_from_directory_to_answer(live_server, page, assert_accessible):
    make_user("employee@example.com", full_name="Erika Mustermann")
    advisor_user = make_user("advisor@example.com", Role.ADVISOR, full_name="Anton Vogel")
    topic = AdvisorTopic.objects.create(name="Recht und UWG", slug="recht-uwg")
    AdvisorTopic.objects.create(name="Datenschutz", slug="datenschutz")
    anton = Advisor.objects.create(
        user=advisor_user, name="Anton Vogel", job_title="Jurist", email=advisor_user.email
    )
    anton.topics.add(topic)
    base = live_server.url

    # The employee finds the advisor through the topic.
    sign_in(page, base, "employee@example.com")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Ansprechpartner").click()
    expect(page.get_by_role("heading", name="Ansprechpartner", exact=True)).to_be_visible()
    assert_accessible(page)
    page.locator("#id_topic").select_option(label="Recht und UWG")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("link", name="Anton Vogel", exact=True)).to_be_visible()
    page.get_by_role("complementary").get_by_role("link", name="Recht und UWG").click()
    expect(page.get_by_role("heading", name="Recht und UWG")).to_be_visible()
    assert_accessible(page)

    # … and asks anonymously.
    page.get_by_role("link", name="Frage zu diesem Thema stellen").click()
    expect(page.locator("#id_topic")).to_have_value(str(topic.pk))
    page.get_by_label("Ihre Frage in einem Satz").fill("Muss ich meinen Arbeitgeber nennen?")
    page.get_by_label("Einzelheiten").fill("Ich empfehle unser Produkt auf LinkedIn.")
    page.get_by_label("Anonym fragen").check()
    assert_accessible(page)
    page.get_by_role("button", name="Frage senden").click()
    expect(page.get_by_text("Ihre Frage wurde anonym gesendet.")).to_be_visible()
    expect(page.get_by_text("anonym gefragt")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The advisor answers in the inbox and sees no name.
    sign_in(page, base, "advisor@example.com")
    page.goto(base + "/advisors/inbox/")
    assert_accessible(page)
    page.get_by_role("link", name="Muss ich meinen Arbeitgeber nennen?").click()
    expect(page.get_by_text("Anonym gefragt.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Erika")
    assert_accessible(page)
    page.get_by_label("Ihre Antwort").fill("Ja, ein kurzer Hinweis wie #mitarbeiter genügt.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Ihre Antwort wurde gesendet.")).to_be_visible()
    sign_out(page)

    # The employee reads the answer under "My questions".
    sign_in(page, base, "employee@example.com")
    expect(page.get_by_role("link", name="Neue Antworten auf Ihre Fragen: 1")).to_be_visible()
    page.get_by_role("link", name="Neue Antworten auf Ihre Fragen: 1").click()
    page.get_by_role("link", name="Muss ich meinen Arbeitgeber nennen?").click()
    expect(page.get_by_text("Ja, ein kurzer Hinweis wie #mitarbeiter genügt.")).to_be_visible()
    assert_accessible(page)


def test_advisor_keeps_profile_current_and_faq_helps_before_asking(live_server, page, assert_accessible):
    make_user("employee@example.com", full_name="Erika Mustermann")
    advisor_user = make_user("advisor@example.com", Role.ADVISOR, full_name="Anton Vogel")
    topic = AdvisorTopic.objects.create(name="Recht und UWG", slug="recht-uwg")
    anton = Advisor.objects.create(user=advisor_user, name="Anton Vogel", email=advisor_user.email)
    anton.topics.add(topic)
    from contacts.models import FaqEntry

    FaqEntry.objects.create(title="Muss ich meinen Arbeitgeber nennen?", answer="Ja.", topic=topic)
    base = live_server.url

    sign_in(page, base, "advisor@example.com")
    expect(
        page.get_by_role("link", name="Bitte bestätigen Sie, dass Ihr Ansprechpartner-Profil aktuell ist.")
    ).to_be_visible()
    page.goto(base + "/advisors/me/")
    assert_accessible(page)
    page.locator("#id_office_hours").fill("Di und Do 10–12 Uhr")
    page.get_by_role("button", name="Speichern und bestätigen").click()
    expect(page.get_by_text("Ihr Profil wurde gespeichert und als aktuell bestätigt.")).to_be_visible()
    sign_out(page)

    # On a phone, the employee starts typing a question and is shown the FAQ entry.
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, base, "employee@example.com")
    page.goto(base + "/advisors/")
    expect(page.get_by_text("Di und Do 10–12 Uhr")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto(base + "/advisors/ask/")
    page.get_by_label("Ihre Frage in einem Satz").press_sequentially("Arbeitgeber nennen")
    suggestion = page.get_by_role("link", name=re.compile("Muss ich meinen Arbeitgeber nennen?"))
    expect(suggestion).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.goto(base + "/advisors/faq/?q=Arbeitgeber")
    expect(page.get_by_text("Muss ich meinen Arbeitgeber nennen?")).to_be_visible()
    assert_accessible(page)


def test_switching_the_language_keeps_a_half_written_question(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    base = live_server.url
    sign_in(page, base, "employee@example.com")
    page.goto(base + "/advisors/ask/")
    page.get_by_label("Ihre Frage in einem Satz").fill("Darf ich das Messefoto posten?")
    page.get_by_label("Einzelheiten").fill("Mit Kolleginnen drauf.")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Your question in one line")).to_have_value("Darf ich das Messefoto posten?")
    expect(page.get_by_label("Details", exact=False)).to_have_value("Mit Kolleginnen drauf.")
    # Sent, the draft is gone: the form starts empty next time.
    page.get_by_role("button", name="Send question").click()
    expect(page.get_by_text("Your question has been sent.")).to_be_visible()
    # The page that says so drops the draft once its scripts ran (deferred: after the text shows).
    page.wait_for_function("() => !Object.keys(sessionStorage).some((key) => key.startsWith('draft:'))")
    page.goto(base + "/advisors/ask/")
    expect(page.get_by_label("Your question in one line")).to_have_value("")


def test_back_after_sending_a_question_shows_no_sent_text(live_server, page):
    """The browser filled the form in again from its own memory: sent once more after five
    minutes, it was a second question."""
    make_user("employee@example.com", full_name="Erika Mustermann")
    base = live_server.url
    sign_in(page, base, "employee@example.com")
    page.goto(base + "/advisors/ask/")
    page.wait_for_load_state("load")
    page.get_by_label("Ihre Frage in einem Satz").fill("Darf ich das Messefoto posten?")
    page.get_by_label("Einzelheiten").fill("Mit Kolleginnen drauf.")
    page.get_by_role("button", name="Frage senden").click()
    expect(page.get_by_text("Ihre Frage wurde gesendet.")).to_be_visible()
    page.wait_for_load_state("load")
    page.go_back()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/advisors/ask/$"))
    expect(page.get_by_label("Ihre Frage in einem Satz")).to_have_value("")
    expect(page.get_by_label("Einzelheiten")).to_have_value("")


def test_a_draft_stays_with_its_author_on_a_shared_computer(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    make_user("colleague@example.com", full_name="Otto Normal")
    base = live_server.url
    sign_in(page, base, "employee@example.com")
    page.goto(base + "/advisors/ask/")
    page.get_by_label("Ihre Frage in einem Satz").fill("Kritik am Chef posten?")
    page.get_by_label("Anonym fragen").check()
    sign_out(page)
    sign_in(page, base, "colleague@example.com")
    page.goto(base + "/advisors/ask/")
    expect(page.get_by_label("Ihre Frage in einem Satz")).to_have_value("")
    expect(page.get_by_label("Anonym fragen")).not_to_be_checked()


def test_a_question_sent_after_the_session_ran_out_is_kept_through_signing_in(live_server, page, client):
    make_user("employee@example.com", full_name="Erika Mustermann")
    base = live_server.url
    sign_in(page, base, "employee@example.com")
    page.goto(base + "/advisors/ask/")
    page.get_by_label("Ihre Frage in einem Satz").fill("Darf ich das Messefoto posten?")
    # The session runs out while writing (the CSRF cookie stays, as it does).
    kept = [cookie for cookie in page.context.cookies() if cookie["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)
    page.get_by_role("button", name="Frage senden").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("E-Mail-Adresse").fill("employee@example.com")
    page.get_by_label("Passwort", exact=True).fill("secret-pass-123")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_label("Ihre Frage in einem Satz")).to_have_value("Darf ich das Messefoto posten?")


def test_a_restored_answer_draft_does_not_replace_a_colleagues_newer_answer(live_server, page):
    from contacts import actions
    from contacts.models import Question

    employee = make_user("employee@example.com", full_name="Erika Mustermann")
    anton_user = make_user("advisor@example.com", Role.ADVISOR, full_name="Anton Vogel")
    berta_user = make_user("berta@example.com", Role.ADVISOR, full_name="Berta Brandt")
    topic = AdvisorTopic.objects.create(name="Recht und UWG", slug="recht-uwg")
    for user in (anton_user, berta_user):
        Advisor.objects.create(user=user, name=user.full_name, email=user.email).topics.add(topic)
    question = actions.ask_question(employee, subject="Darf ich das posten?", body="…", topic=topic)
    base = live_server.url

    sign_in(page, base, "advisor@example.com")
    page.goto(base + question.get_inbox_url())
    page.get_by_label("Ihre Antwort").fill("Ja, gern.")
    page.goto(base + "/advisors/inbox/")  # leaves without sending
    actions.answer_question(Question.objects.get(), berta_user, "Nein, lieber nicht.")
    page.goto(base + question.get_inbox_url())
    expect(page.get_by_label("Ihre Antwort")).to_have_value("Ja, gern.")  # the draft is back …
    page.get_by_role("button", name=re.compile("Antwort senden")).click()
    # … and sending it says what happened instead of replacing Berta's answer.
    expect(page.get_by_text(re.compile("Berta Brandt hat diese Frage beantwortet"))).to_be_visible()
    assert Question.objects.get().answer == "Nein, lieber nicht."


def test_a_question_clicked_twice_while_sending_is_sent_once(live_server, page):
    make_user("employee@example.com", full_name="Erika Mustermann")
    AdvisorTopic.objects.create(name="Recht und UWG", slug="recht-uwg")
    base = live_server.url
    sign_in(page, base, "employee@example.com")
    page.goto(base + "/advisors/ask/")
    page.get_by_label("Ihre Frage in einem Satz").fill("Darf ich das Messefoto posten?")
    page.get_by_label("Einzelheiten").fill("Mit Kollegen drauf.")
    sent = []

    def answer_slowly(route):
        # "204 No Content" leaves the page as it is: as if the answer were still on its way.
        if route.request.method == "POST":
            sent.append(route.request.url)
            route.fulfill(status=204)
        else:
            route.continue_()

    page.route("**/advisors/ask/", answer_slowly)
    button = page.get_by_role("button", name="Frage senden")
    button.click()
    button.click()  # impatient
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert len(sent) == 1


def test_an_answer_refused_because_the_asker_followed_up_goes_through_the_second_time(live_server, page):
    """The draft kept in the tab put the page's old version back over the one the refusal showed:
    every send was refused again, and the advisor could only leave, losing the text."""
    from contacts import actions
    from contacts.models import Question, QuestionRecipient

    employee = make_user("employee@example.com", full_name="Erika Mustermann")
    advisor_user = make_user("advisor@example.com", Role.ADVISOR, full_name="Anton Vogel")
    topic = AdvisorTopic.objects.create(name="Recht", slug="recht")
    anton = Advisor.objects.create(user=advisor_user, name="Anton Vogel", email=advisor_user.email)
    anton.topics.add(topic)
    question = Question.objects.create(
        subject="Darf ich?", body="x", topic=topic, advisor=anton, asker=employee
    )
    QuestionRecipient.objects.create(question=question, advisor=anton)
    actions.answer_question(question, advisor_user, "Ja.")
    sign_in(page, live_server.url, "advisor@example.com")
    page.goto(live_server.url + question.get_inbox_url())
    page.locator("#id_answer").fill("Ja, ohne Namen.")
    actions.follow_up(Question.objects.get(pk=question.pk), "Und mit Namen?")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text(re.compile("Rückfrage gestellt, während Sie"))).to_be_visible()
    expect(page.locator("#id_answer")).to_have_value("Ja, ohne Namen.")
    page.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Ihre Antwort wurde gesendet.")).to_be_visible()
    question.refresh_from_db()
    assert (question.status, question.answer) == (Question.Status.ANSWERED, "Ja, ohne Namen.")


def _answered_question(employee):
    from contacts import actions
    from contacts.models import Question, QuestionRecipient

    advisor_user = make_user("advisor@example.com", Role.ADVISOR, full_name="Anton Vogel")
    topic = AdvisorTopic.objects.create(name="Recht", slug="recht")
    anton = Advisor.objects.create(user=advisor_user, name="Anton Vogel", email=advisor_user.email)
    anton.topics.add(topic)
    question = Question.objects.create(
        subject="Darf ich?", body="x", topic=topic, advisor=anton, asker=employee
    )
    QuestionRecipient.objects.create(question=question, advisor=anton)
    actions.answer_question(question, advisor_user, "Ja.")
    return question, advisor_user


def test_a_sent_follow_up_question_does_not_come_back_into_the_next_one(live_server, page):
    """A sent follow-up comes back to the question's own page: the tab's draft of it, marked sent
    but at the same address, filled the form again once the answer came, as if not sent."""
    from contacts import actions
    from contacts.models import Question

    employee = make_user("employee@example.com", full_name="Erika Mustermann")
    question, advisor_user = _answered_question(employee)
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(live_server.url + question.get_absolute_url())
    page.get_by_label("Stellen Sie eine Rückfrage", exact=False).fill("Auch mit Namen?")
    page.get_by_role("button", name="Rückfrage senden").click()
    expect(page.get_by_text("Ihre Rückfrage wurde gesendet.", exact=False)).to_be_visible()
    # The text shows before the deferred keep-draft.js has run; a reload sooner than any person's
    # would leave the page before it reads the marker (shown once).
    page.wait_for_load_state("load")
    actions.answer_question(Question.objects.get(pk=question.pk), advisor_user, "Auch mit Namen.")
    page.reload()  # the answer is there: the form for the next follow-up appears
    expect(page.get_by_text("Auch mit Namen.", exact=True)).to_be_visible()
    expect(page.get_by_label("Stellen Sie eine Rückfrage", exact=False)).to_have_value("")


def test_a_refused_follow_up_question_is_still_there_when_it_can_be_sent(live_server, page):
    """Refused while the earlier one waits, the text is "below, not sent: you can send it when the
    answer is there": forgetting sent drafts must not forget this one."""
    from contacts import actions
    from contacts.models import Question

    employee = make_user("employee@example.com", full_name="Erika Mustermann")
    question, advisor_user = _answered_question(employee)
    sign_in(page, live_server.url, "employee@example.com")
    page.goto(live_server.url + question.get_absolute_url())
    page.get_by_label("Stellen Sie eine Rückfrage", exact=False).fill("Und mit Foto?")
    actions.follow_up(Question.objects.get(pk=question.pk), "Und mit Namen?")  # from another tab
    page.get_by_role("button", name="Rückfrage senden").click()
    expect(page.get_by_text("wartet noch auf ihre Antwort", exact=False)).to_be_visible()
    expect(page.get_by_label("Stellen Sie eine Rückfrage", exact=False)).to_have_value("Und mit Foto?")
    actions.answer_question(Question.objects.get(pk=question.pk), advisor_user, "Auch mit Namen.")
    page.reload()
    expect(page.get_by_label("Stellen Sie eine Rückfrage", exact=False)).to_have_value("Und mit Foto?")
