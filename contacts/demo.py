"""Demo advisors for every taboo topic and guideline category, an FAQ and questions in each state.

Idempotent: everything is looked up by a natural key before it is created.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from contacts.models import (
    Advisor,
    AdvisorTopic,
    AnonymousAsking,
    FaqEntry,
    GuidelineCategoryTopic,
    Language,
    Question,
    QuestionRecipient,
)
from guidelines.models import TabooTopic
from portal.demo import _ensure_user
from portal.models import Department, User
from portal.roles import Role

# (slug, German name, English name, guideline categories (guidelines.SectionCategory) it answers, description)
TOPICS = [
    ("finanzkennzahlen", "Finanzkennzahlen", "Financial figures", [],
     "Umsatz, Ergebnis, Prognosen – vor der Veröffentlichung spricht nur Investor Relations darüber.",
     "Revenue, results, forecasts – before they are published, only Investor Relations speaks about them."),
    ("unternehmensstrategie", "Unternehmensstrategie und Presse", "Corporate strategy and press", ["opinion"],
     "Übernahmen, Standorte, Umbau, Presseanfragen: Auskunft gibt die Pressestelle.",
     "Acquisitions, sites, restructuring, press enquiries: the press office answers."),
    ("unveroeffentlichte-produkte", "Unveröffentlichte Produkte", "Unannounced products", [],
     "Was noch nicht angekündigt ist, bleibt intern.",
     "What has not been announced yet stays internal."),
    ("kundenprojekte", "Kundenprojekte und Referenzen", "Customer projects and references", [],
     "Kunden nennen wir nur mit ihrer schriftlichen Freigabe.",
     "We name customers only with their written approval."),
    ("leitlinien", "Social-Media-Leitlinien", "Social media guidelines",
     ["commitment", "scope", "responsibility", "media_literacy", "contact"],
     "Was die Leitlinien bedeuten und wie Sie sie im Alltag anwenden.",
     "What the guidelines mean and how to apply them every day."),
    ("linkedin-xing", "LinkedIn und Xing", "LinkedIn and Xing", ["private_use", "netiquette"],
     "Profil, Beiträge, Kommentare: wie Sie gut und sicher auftreten.",
     "Profile, posts, comments: how to come across well and safely."),
    ("recht-uwg", "Recht und UWG", "Law and UWG", ["legal", "competitors"],
     "Kennzeichnung als Mitarbeiter, Schleichwerbung, Impressum, Aussagen über Wettbewerber.",
     "Disclosing that you work here, covert advertising, legal notice, statements about competitors."),
    ("urheberrecht", "Urheber- und Bildrechte", "Copyright and image rights", [],
     "Fotos, Grafiken, Zitate und Musik in Beiträgen.",
     "Photos, graphics, quotes and music in posts."),
    ("datenschutz", "Datenschutz und Sicherheit", "Data protection and security", ["security"],
     "Fotos von Kollegen, Kundendaten, Screenshots, gehackte Konten.",
     "Photos of colleagues, customer data, screenshots, hacked accounts."),
    ("vertraulichkeit", "Vertraulichkeit", "Confidentiality", ["confidentiality"],
     "Was intern bleibt und woran Sie es erkennen.",
     "What stays internal and how to recognise it."),
    ("krisenkommunikation", "Krisenkommunikation", "Crisis communication", [],
     "Shitstorm, kritische Kommentare, Presseanfragen.",
     "Shitstorms, critical comments, press enquiries."),
    ("recruiting", "Recruiting und Employer Branding", "Recruiting and employer branding", [],
     "Stellen teilen, über die Arbeit berichten, Corporate Influencer.",
     "Sharing job ads, writing about your work, corporate influencers."),
]  # fmt: skip

# (e-mail or None, name, job title, department, topic slugs, languages, spokesperson, office hours, location)
ADVISORS = [
    ("advisor@example.com", "Anton Vogel", "Syndikusrechtsanwalt", "Recht",
     ["recht-uwg", "urheberrecht", "vertraulichkeit"], ["de", "en"], False, "Di und Do 10–12 Uhr", "Berlin, Haus A"),
    ("comms@example.com", "Clara Obermeier", "Pressesprecherin", "Unternehmenskommunikation",
     ["unternehmensstrategie", "krisenkommunikation", "unveroeffentlichte-produkte", "leitlinien"], ["de", "en", "fr"],
     True,
     "Mo–Fr 9–17 Uhr", "Berlin, Haus B"),
    ("ir@example.com", "Jens Kaufmann", "Leiter Investor Relations", "Finanzen",
     ["finanzkennzahlen"], ["de", "en"], True, "nach Vereinbarung", "Frankfurt"),
    ("keyaccount@example.com", "Selin Aydın", "Head of Key Account Management", "Vertrieb",
     ["kundenprojekte"], ["de", "en", "tr"], True, "Mo–Do 9–16 Uhr", "München"),
    ("privacy@example.com", "Dr. Greta Lange", "Datenschutzbeauftragte", "Recht",
     ["datenschutz"], ["de", "en"], False, "Mi 13–15 Uhr", "Berlin, Haus A"),
    ("social@example.com", "Mia Schulz", "Social Media Managerin", "Marketing",
     ["linkedin-xing", "krisenkommunikation", "leitlinien"], ["de", "en", "es"], False, "täglich 8–18 Uhr", "Hamburg"),
    ("employer@example.com", "Ben Koch", "Employer Branding", "Personal",
     ["recruiting", "linkedin-xing"], ["de", "en", "pl"], False, "Mo, Mi, Fr 9–12 Uhr", "Köln"),
]  # fmt: skip

# What English readers see: e-mail → (job title, office hours, location)
ADVISORS_EN = {
    "advisor@example.com": ("In-house lawyer", "Tue and Thu 10–12", "Berlin, building A"),
    "comms@example.com": ("Press spokesperson", "Mon–Fri 9–17", "Berlin, building B"),
    "ir@example.com": ("Head of Investor Relations", "by appointment", "Frankfurt"),
    "keyaccount@example.com": ("Head of Key Account Management", "Mon–Thu 9–16", "Munich"),
    "privacy@example.com": ("Data protection officer", "Wed 13–15", "Berlin, building A"),
    "social@example.com": ("Social media manager", "daily 8–18", "Hamburg"),
    "employer@example.com": ("Employer branding", "Mon, Wed, Fri 9–12", "Cologne"),
}

# The four classic taboo topics (guidelines' demo) → the advisor who may speak about them.
TABOO_SPOKESPERSONS = {
    "Finanzkennzahlen": "Jens Kaufmann",
    "Unternehmensstrategie": "Clara Obermeier",
    "Unangekündigte Produkte und Dienstleistungen": "Clara Obermeier",
    "Kundenprojekte und Kundenaussagen": "Selin Aydın",
}

# (subject, body, topic, status, anonymous, answer)
QUESTIONS = [
    ("Darf ich unser Messefoto auf LinkedIn posten?", "Auf dem Foto sind auch zwei Kunden zu sehen.",
     "datenschutz", Question.Status.OPEN, False, ""),
    ("Muss ich bei einem Like für unser Produkt etwas beachten?", "Ich will nur einen Beitrag liken.",
     "recht-uwg", Question.Status.OPEN, True, ""),
    ("Ein Journalist hat mich auf Xing angeschrieben", "Er fragt nach dem neuen Werk. Was soll ich antworten?",
     "krisenkommunikation", Question.Status.OPEN, False, ""),
    ("Kennzeichnung als Mitarbeiter bei Produktempfehlungen?", "Ich möchte unser neues Tool empfehlen.",
     "recht-uwg", Question.Status.ANSWERED, True,
     "Ja: Weisen Sie in jedem Beitrag darauf hin, dass Sie bei uns arbeiten, z. B. mit #mitarbeiter."),
    ("Darf ich die Quartalszahlen vorab teilen?", "Ich habe sie im Intranet gesehen.",
     "finanzkennzahlen", Question.Status.CLOSED, True,
     "Nein. Bis zur Veröffentlichung sind die Zahlen Insiderinformation. Danach dürfen Sie die Pressemitteilung teilen."),
    ("Stellenanzeige auf meinem Profil teilen?", "Ist das erwünscht?",
     "recruiting", Question.Status.ANSWERED, False,
     "Sehr gern! Teilen Sie den Link aus unserem Karriereportal und schreiben Sie ein, zwei Sätze dazu."),
]  # fmt: skip

# (question, topic slug, answer, question in English, answer in English)
FAQ = [
    ("Muss ich kennzeichnen, dass ich beim Unternehmen arbeite?", "recht-uwg",
     "Ja, sobald Sie über unsere Produkte oder Dienstleistungen schreiben. Ein kurzer Hinweis wie "
     "„Ich arbeite bei …“ oder #mitarbeiter genügt (UWG, Schleichwerbung).",
     "Do I have to say that I work for the company?",
     "Yes, as soon as you write about our products or services. A short note such as \"I work at …\" "
     "or #employee is enough (UWG, covert advertising)."),
    ("Darf ich Fotos von Kolleginnen und Kollegen posten?", "datenschutz",
     "Nur mit deren Einverständnis. Fragen Sie vorher – am besten schriftlich, ein Chat genügt.",
     "May I post photos of colleagues?",
     "Only with their consent. Ask first – ideally in writing, a chat message is enough."),
    ("Was tue ich bei einem Shitstorm?", "krisenkommunikation",
     "Nicht selbst antworten, Screenshots machen und sofort die Unternehmenskommunikation informieren.",
     "What do I do in a shitstorm?",
     "Do not reply yourself, take screenshots and tell Corporate Communications straight away."),
]  # fmt: skip


def _english(email: str) -> dict[str, str]:
    title, hours, location = ADVISORS_EN[email]
    return {
        "job_title_en": title,
        "office_hours_en": hours,
        "location_en": location,
        "bio_en": f"{title}. Do ask me – better once too often than once too seldom.",
    }


def load(stdout) -> None:
    topics = {}
    for slug, name, name_en, categories, description, description_en in TOPICS:
        topics[slug], _created = AdvisorTopic.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "description": description},
        )
        # A demo loaded before the English descriptions existed gets them now.
        AdvisorTopic.objects.filter(pk=topics[slug].pk, description_en="").update(
            description_en=description_en
        )
        for category in categories:
            GuidelineCategoryTopic.objects.get_or_create(category=category, defaults={"topic": topics[slug]})
    languages = {language.code: language for language in Language.objects.all()}
    advisor_group = Group.objects.get(name=Role.ADVISOR.value)
    today = timezone.localdate()
    advisors = {}
    for index, (email, name, title, department, slugs, codes, spokesperson, hours, location) in enumerate(
        ADVISORS
    ):
        department_obj = Department.objects.get_or_create(name=department)[0]
        # Existing demo people keep their account; new advisors get one like all demo people.
        user = User.objects.filter(email=email).first() or _ensure_user(email, name, department_obj)
        user.groups.add(advisor_group)
        advisor, created = Advisor.objects.get_or_create(
            name=name,
            defaults={
                "user": user,
                "job_title": title,
                "department": department_obj,
                "email": email,
                "phone": f"+49 30 1234-{100 + index}",
                "chat_url": f"https://teams.microsoft.com/l/chat/0/0?users={email}",
                "office_hours": hours,
                "location": location,
                "is_spokesperson": spokesperson,
                "bio": f"{title}. Fragen Sie mich gern – lieber einmal zu viel als zu wenig.",
                **_english(email),
                # One profile is overdue for confirmation, so the demo shows the note.
                "last_confirmed_on": today - datetime.timedelta(days=250 if index == 4 else 30),
            },
        )
        if not advisor.job_title_en and advisor.email == email:
            # A demo loaded before profiles had English twins gets them now.
            Advisor.objects.filter(pk=advisor.pk).update(**_english(email))
        if created:
            advisor.topics.set([topics[slug] for slug in slugs])
            advisor.languages.set([languages[code] for code in codes if code in languages])
        advisors[name] = advisor

    asker = User.objects.get(email="employee@example.com")
    for offset, (subject, body, slug, status, anonymous, answer) in enumerate(QUESTIONS):
        if Question.objects.filter(subject=subject).exists():
            continue
        topic = topics[slug]
        recipients = list(Advisor.objects.filter(topics=topic, is_active=True))
        question = Question.objects.create(
            subject=subject,
            body=body,
            topic=topic,
            asker=None if anonymous else asker,
            is_anonymous=anonymous,
            status=status,
            routed_to=Question.Route.TOPIC if recipients else Question.Route.COMMUNICATIONS,
            created_at=timezone.now() - datetime.timedelta(days=offset + 1),
            answer=answer,
            answered_by=recipients[0].user if answer and recipients else None,
            answered_at=timezone.now() - datetime.timedelta(hours=offset) if answer else None,
            closed_at=timezone.now() if status == Question.Status.CLOSED else None,
        )
        if anonymous:
            AnonymousAsking.objects.create(question=question, asker=asker)
        QuestionRecipient.objects.bulk_create(
            [QuestionRecipient(question=question, advisor=a) for a in recipients]
        )

    for title, slug, answer, title_en, answer_en in FAQ:
        entry, _created = FaqEntry.objects.get_or_create(
            title=title, defaults={"topic": topics[slug], "answer": answer}
        )
        if not entry.title_en:  # an English wording given since stays; save() keeps the search words
            entry.title_en, entry.answer_en = title_en, answer_en
            entry.save(update_fields=["title_en", "answer_en"])

    _link_taboo_topics(advisors)
    stdout.write(
        f"  advisors: {Advisor.objects.count()} advisors, {AdvisorTopic.objects.count()} topics, "
        f"{Question.objects.count()} questions, {FaqEntry.objects.count()} FAQ entries"
    )


def _link_taboo_topics(advisors: dict[str, Advisor]) -> None:
    """Give each demo taboo topic its spokesperson, unless Communications already chose one."""
    for topic_name, advisor_name in TABOO_SPOKESPERSONS.items():
        # Saved one by one, so the topic's history shows the demo set them (not the next editor).
        for topic in TabooTopic.objects.filter(name=topic_name, spokesperson__isnull=True):
            topic.spokesperson = advisors[advisor_name]
            topic.save(update_fields=["spokesperson"])
