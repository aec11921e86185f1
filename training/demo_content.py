"""The demo's training modules, in German with an English twin for every text.

Each entry: title, title_en, summary, summary_en, kind, minutes, renewal, body, body_en,
questions as (text, text_en, kind, [(answer, answer_en, correct), ...], explanation, explanation_en).
An empty explanation stays empty in both languages.
"""

from __future__ import annotations

S, M = "single", "multiple"

MODULES = [
    {
        "title": "Social-Media-Grundlagen",
        "title_en": "Social media basics",
        "summary": "Was Sie vor dem ersten beruflichen Beitrag wissen sollten – in zehn Minuten.",
        "summary_en": "What to know before your first work-related post – in ten minutes.",
        "kind": "lesson",
        "minutes": 10,
        "renewal_months": 12,
        "body": (
            "## Warum das wichtig ist\n\nSobald Sie in einem Profil Ihren Arbeitgeber nennen, lesen andere Ihre "
            "Beiträge auch als Stimme des Unternehmens. Das ist eine Chance – und eine Verantwortung.\n\n"
            "## Drei Grundregeln\n\n1. **Sprechen Sie für sich**, nicht für das Unternehmen: „Ich finde…“ statt "
            "„Wir planen…“.\n2. **Bleiben Sie freundlich**, auch wenn andere es nicht sind.\n3. **Im Zweifel: "
            "fragen.** Die Ansprechpartner im Portal helfen gern – vor oder nach dem Posten.\n\n"
            "> Fehler passieren. Wichtig ist, dass Sie sie korrigieren und offen damit umgehen."
        ),
        "body_en": (
            "## Why it matters\n\nAs soon as you name your employer in a profile, people also read "
            "your posts as the voice of the company. That is an opportunity – and a responsibility.\n\n"
            "## Three ground rules\n\n1. **Speak for yourself**, not for the company: “I think …” "
            "rather than “We are planning …”.\n2. **Stay friendly**, even when others are not.\n"
            "3. **When in doubt, ask.** The advisors in the portal are happy to help – before or after "
            "you post.\n\n"
            "> Mistakes happen. What matters is that you correct them and are open about it."
        ),
        "questions": [
            (
                "Wie formulieren Sie eine persönliche Einschätzung am besten?",
                "What is the best way to phrase a personal opinion?",
                S,
                [
                    ("„Ich finde …“", "“I think …”", True),
                    ("„Das Unternehmen plant …“", "“The company is planning …”", False),
                    ("„Wir werden …“", "“We will …”", False),
                ],
                "Persönliche Sicht kennzeichnen – so spricht niemand ungewollt für das Unternehmen.",
                "Make it clear that this is your own view – that way nobody speaks for the company "
                "without meaning to.",
            ),
            (
                "Was tun Sie, wenn Sie unsicher sind, ob ein Beitrag in Ordnung ist?",
                "What do you do if you are not sure whether a post is all right?",
                S,
                [
                    ("Trotzdem posten und abwarten", "Post it anyway and see what happens", False),
                    ("Eine Ansprechperson fragen", "Ask one of the advisors", True),
                    ("Den Beitrag anonym posten", "Post it anonymously", False),
                ],
                "Fragen kostet nichts – auch nach dem Posten.",
                "Asking costs nothing – even after you have posted.",
            ),
            (
                "Was gilt, wenn Ihnen ein Fehler in einem Beitrag auffällt?",
                "What should you do if you notice a mistake in one of your posts?",
                M,
                [
                    ("Offen korrigieren", "Correct it openly", True),
                    ("Kommentare löschen, die darauf hinweisen", "Delete comments that point it out", False),
                    (
                        "Bei Bedarf die Kommunikationsabteilung informieren",
                        "Inform the communications department if necessary",
                        True,
                    ),
                ],
                "Transparenz schafft Vertrauen.",
                "Being open builds trust.",
            ),
        ],
    },
    {
        "title": "Leitlinien und Tabuthemen",
        "title_en": "Guidelines and taboo topics",
        "summary": "Worüber nur Geschäftsführung oder Pressestelle sprechen – und warum.",
        "summary_en": "What only management or the press office may talk about – and why.",
        "kind": "lesson",
        "minutes": 15,
        "renewal_fixed_month": 1,
        "body": (
            "## Tabuthemen\n\nÜber folgende Themen sprechen nur Geschäftsführung oder Pressestelle:\n\n"
            "- Geschäftszahlen und Prognosen\n- Strategie, Übernahmen, Standortentscheidungen\n"
            "- Produkte, die noch nicht angekündigt sind\n- Kundenprojekte und Aussagen von Kunden\n\n"
            "Die aktuelle Liste mit Beispielen finden Sie im Bereich **Leitlinien**. Sie wird jedes Jahr im "
            "Januar überprüft – deshalb wird diese Schulung jeden Januar aufgefrischt."
        ),
        "body_en": (
            "## Taboo topics\n\nOnly management or the press office talk about the following topics:\n\n"
            "- Business figures and forecasts\n- Strategy, acquisitions, decisions about locations\n"
            "- Products that have not been announced yet\n- Customer projects and statements by customers\n\n"
            "You will find the current list, with examples, in the **Guidelines** section. It is reviewed "
            "every January – which is why this training is refreshed every January."
        ),
        "questions": [
            (
                "Welche Themen sind tabu?",
                "Which topics are taboo?",
                M,
                [
                    ("Nicht angekündigte Produkte", "Products that have not been announced", True),
                    (
                        "Quartalszahlen vor der Veröffentlichung",
                        "Quarterly figures before they are published",
                        True,
                    ),
                    (
                        "Ein Foto vom Sommerfest mit Zustimmung der Abgebildeten",
                        "A photo from the summer party, with the consent of the people in it",
                        False,
                    ),
                    ("Details aus einem Kundenprojekt", "Details from a customer project", True),
                ],
                "Im Zweifel gilt: nur die Pressestelle.",
                "When in doubt, leave it to the press office.",
            ),
            (
                "Ein Journalist fragt Sie auf LinkedIn nach Umsatzzahlen. Was tun Sie?",
                "A journalist asks you about revenue figures on LinkedIn. What do you do?",
                S,
                [
                    ("Ungefähre Zahlen nennen", "Give rough figures", False),
                    ("An die Pressestelle verweisen", "Refer them to the press office", True),
                    (
                        "Nicht reagieren und die Nachricht löschen",
                        "Ignore the message and delete it",
                        False,
                    ),
                ],
                "Die Pressestelle antwortet gern.",
                "The press office will be happy to answer.",
            ),
            (
                "Wie oft wird die Liste der Tabuthemen überprüft?",
                "How often is the list of taboo topics reviewed?",
                S,
                [
                    ("Jedes Jahr im Januar", "Every year in January", True),
                    ("Nie", "Never", False),
                    ("Nur bei Bedarf", "Only when needed", False),
                ],
                "",
                "",
            ),
        ],
    },
    {
        "title": "UWG: Arbeitgeber offenlegen",
        "title_en": "UWG: disclosing your employer",
        "summary": "Wer Produkte des eigenen Arbeitgebers lobt, muss das Arbeitsverhältnis offenlegen.",
        "summary_en": "If you praise your employer's products, you have to say that you work there.",
        "kind": "lesson",
        "minutes": 10,
        "renewal_months": 12,
        "body": (
            "## Schleichwerbung vermeiden\n\nNach dem Gesetz gegen den unlauteren Wettbewerb (UWG) ist es "
            "irreführend, den kommerziellen Zweck eines Beitrags zu verschleiern. Wenn Sie Produkte oder "
            "Leistungen Ihres Arbeitgebers empfehlen, machen Sie deutlich, dass Sie dort arbeiten – zum "
            "Beispiel mit „Ich arbeite bei …“ oder dem Hinweis **#Mitarbeiter** direkt im Beitrag.\n\n"
            "Ein Hinweis nur im Profil genügt nicht immer: Der Zusammenhang muss beim Lesen des Beitrags "
            "erkennbar sein."
        ),
        "body_en": (
            "## Avoiding covert advertising\n\nUnder the German Act against Unfair Competition (UWG), it is "
            "misleading to disguise the commercial purpose of a post. If you recommend your employer's "
            "products or services, make it clear that you work there – for example with “I work at …” or "
            "the tag **#employee** in the post itself.\n\n"
            "A note in your profile is not always enough on its own: the connection has to be clear to "
            "anyone reading the post."
        ),
        "questions": [
            (
                "Sie empfehlen ein Produkt Ihres Arbeitgebers. Was ist nötig?",
                "You are recommending one of your employer's products. What is required?",
                S,
                [
                    (
                        "Nichts, wenn das Produkt wirklich gut ist",
                        "Nothing, as long as the product is genuinely good",
                        False,
                    ),
                    (
                        "Ein erkennbarer Hinweis auf das Arbeitsverhältnis im Beitrag",
                        "A clear note in the post that you work for the company",
                        True,
                    ),
                    (
                        "Eine Freigabe durch die Rechtsabteilung für jeden Beitrag",
                        "Approval from the legal department for every post",
                        False,
                    ),
                ],
                "",
                "",
            ),
            (
                "Welche Hinweise sind geeignet?",
                "Which of these are suitable ways to disclose it?",
                M,
                [
                    ("„Ich arbeite bei …“", "“I work at …”", True),
                    ("#Mitarbeiter im Beitrag", "#employee in the post", True),
                    (
                        "Ein Hinweis nur auf Seite 3 des Profils",
                        "A note only on page 3 of your profile",
                        False,
                    ),
                ],
                "",
                "",
            ),
        ],
    },
    {
        "title": "Krisenkommunikation",
        "title_en": "Crisis communication",
        "summary": "Wenn es brennt: was Sie tun – und was Sie lieber lassen.",
        "summary_en": "When things go wrong: what to do – and what not to.",
        "kind": "lesson",
        "minutes": 20,
        "renewal_months": 24,
        "body": (
            "## In der Krise\n\n- Kommentieren Sie nicht aus dem Bauch heraus.\n- Teilen Sie nur die "
            "offiziellen Stellungnahmen des Unternehmens.\n- Leiten Sie Anfragen von Medien an die Pressestelle "
            "weiter.\n- Melden Sie auffällige Erwähnungen über das Portal.\n\nSie müssen das Unternehmen nicht "
            "verteidigen. Niemand erwartet das von Ihnen."
        ),
        "body_en": (
            "## In a crisis\n\n- Don't comment off the cuff.\n- Share only the company's official "
            "statements.\n- Forward enquiries from the media to the press office.\n- Report unusual mentions "
            "through the portal.\n\nYou don't have to defend the company. Nobody expects you to."
        ),
        "questions": [
            (
                "Was teilen Sie während einer Krise?",
                "What do you share during a crisis?",
                S,
                [
                    ("Eigene Vermutungen zur Ursache", "Your own guesses about the cause", False),
                    ("Die offizielle Stellungnahme", "The official statement", True),
                    ("Interne E-Mails", "Internal emails", False),
                ],
                "",
                "",
            ),
            (
                "Wohin leiten Sie eine Medienanfrage?",
                "Who do you forward a media enquiry to?",
                S,
                [
                    ("An die Pressestelle", "The press office", True),
                    ("An die eigene Führungskraft", "Your own manager", False),
                    ("Sie beantworten sie selbst", "You answer it yourself", False),
                ],
                "",
                "",
            ),
            (
                "Was ist hilfreich?",
                "What helps?",
                M,
                [
                    (
                        "Auffällige Erwähnungen im Portal melden",
                        "Reporting unusual mentions in the portal",
                        True,
                    ),
                    ("Ruhig bleiben", "Staying calm", True),
                    (
                        "Kritische Kommentare sofort beantworten",
                        "Replying to critical comments straight away",
                        False,
                    ),
                ],
                "",
                "",
            ),
        ],
    },
    {
        "title": "LinkedIn-Profil-Workshop",
        "title_en": "LinkedIn profile workshop",
        "summary": "Zwei Stunden vor Ort: ein Profil, das zu Ihnen und zum Unternehmen passt.",
        "summary_en": "Two hours on site: a profile that suits you and the company.",
        "kind": "workshop",
        "minutes": 120,
        "workshop_days": 21,
        "location": "Raum 2.14, Hauptgebäude",
        "location_en": "Room 2.14, main building",
        "body": (
            "Bringen Sie Ihr Notebook oder Smartphone mit. Wir arbeiten gemeinsam an Foto, Überschrift und "
            "Info-Text. Ein professionelles Porträtfoto kann vor Ort gemacht werden."
        ),
        "body_en": (
            "Bring your laptop or smartphone. Together we will work on your photo, headline and About "
            "section. A professional portrait photo can be taken on site."
        ),
        "questions": [],
    },
    {
        "title": "Urheberrecht und Bildrechte",
        "title_en": "Copyright and image rights",
        "summary": "Welche Bilder, Videos und Texte Sie teilen dürfen.",
        "summary_en": "Which images, videos and texts you may share.",
        "kind": "lesson",
        "minutes": 15,
        "renewal_months": 24,
        "body": (
            "## Fremde Inhalte\n\nBilder aus dem Internet sind fast immer urheberrechtlich geschützt. Teilen "
            "Sie Inhalte über die Teilen-Funktion der Plattform oder verwenden Sie Material aus der "
            "Mediendatenbank des Unternehmens.\n\n## Personen auf Fotos\n\nFragen Sie Kolleginnen und Kollegen, "
            "bevor Sie Fotos posten, auf denen sie zu erkennen sind."
        ),
        "body_en": (
            "## Other people's content\n\nImages from the internet are almost always protected by copyright. "
            "Share content using the platform's share function, or use material from the company's media "
            "library.\n\n## People in photos\n\nAsk your colleagues before you post photos in which "
            "they can be recognised."
        ),
        "questions": [
            (
                "Dürfen Sie ein Bild aus der Google-Bildersuche in einem Beitrag verwenden?",
                "May you use a picture from a Google image search in a post?",
                S,
                [
                    ("Ja, wenn ich die Quelle nenne", "Yes, if I credit the source", False),
                    (
                        "Nur mit Erlaubnis der Rechteinhaber",
                        "Only with permission from the rights holder",
                        True,
                    ),
                    (
                        "Ja, Bilder im Internet sind frei",
                        "Yes, pictures on the internet are free to use",
                        False,
                    ),
                ],
                "",
                "",
            ),
            (
                "Was brauchen Sie, bevor Sie ein Teamfoto posten?",
                "What do you need before you post a team photo?",
                S,
                [
                    ("Die Zustimmung der Abgebildeten", "The consent of the people in it", True),
                    ("Nichts", "Nothing", False),
                    ("Die Zustimmung der Geschäftsführung", "The consent of management", False),
                ],
                "",
                "",
            ),
        ],
    },
    {
        "title": "Datenschutz in sozialen Netzwerken",
        "title_en": "Data protection on social networks",
        "summary": "E-Learning der Datenschutzbeauftragten (externer Kurs, etwa 20 Minuten).",
        "summary_en": "E-learning by the data protection officer (external course, about 20 minutes).",
        "kind": "link",
        "minutes": 20,
        "renewal_months": 12,
        "url": "https://lernen.example.com/datenschutz-social-media",
        "body": "Der Kurs öffnet sich in einem neuen Fenster. Bestätigen Sie danach hier, dass Sie ihn abgeschlossen haben.",
        "body_en": (
            "The course opens in a new window. Afterwards, come back here and confirm that you have "
            "completed it."
        ),
        "questions": [],
    },
    {
        "title": "Vertrauliche Informationen erkennen",
        "title_en": "Recognising confidential information",
        "summary": "Was auf Fotos aus dem Büro alles zu sehen ist – und was nicht.",
        "summary_en": "What photos from the office can give away.",
        "kind": "lesson",
        "minutes": 10,
        "renewal_months": 12,
        "body": (
            "Whiteboards, Bildschirme, Besucherlisten, Namensschilder von Kunden: Auf Fotos aus dem Büro ist "
            "oft mehr zu sehen, als man denkt. Prüfen Sie den Hintergrund, bevor Sie ein Foto teilen."
        ),
        "body_en": (
            "Whiteboards, screens, visitor lists, customers' name badges: photos taken in the office often "
            "show more than you might think. Check the background before you share a photo."
        ),
        "questions": [
            (
                "Was prüfen Sie vor dem Teilen eines Bürofotos?",
                "What do you check before sharing a photo taken in the office?",
                M,
                [
                    ("Bildschirme im Hintergrund", "Screens in the background", True),
                    ("Whiteboards", "Whiteboards", True),
                    ("Die Farbe der Wände", "The colour of the walls", False),
                ],
                "",
                "",
            ),
            (
                "Ein Kundenlogo ist auf einem Foto zu sehen. Was tun Sie?",
                "A customer's logo can be seen in a photo. What do you do?",
                S,
                [
                    ("Foto trotzdem posten", "Post the photo anyway", False),
                    ("Foto zuschneiden oder nicht verwenden", "Crop the photo or don't use it", True),
                ],
                "",
                "",
            ),
        ],
    },
    {
        "title": "Umgang mit Hasskommentaren",
        "title_en": "Dealing with hate comments",
        "summary": "Ruhig bleiben, dokumentieren, melden – und Hilfe holen.",
        "summary_en": "Stay calm, document, report – and get help.",
        "kind": "lesson",
        "minutes": 15,
        "body": (
            "Sie müssen Angriffe nicht allein aushalten. Machen Sie Screenshots, melden Sie den Kommentar der "
            "Plattform und sprechen Sie mit einer Ansprechperson im Portal. Antworten Sie nicht im Affekt."
        ),
        "body_en": (
            "You don't have to put up with attacks on your own. Take screenshots, report the comment to the "
            "platform and talk to one of the advisors in the portal. Don't reply in the heat of the moment."
        ),
        "questions": [
            (
                "Was ist der erste sinnvolle Schritt bei einem Hasskommentar?",
                "What is a sensible first step when you receive a hate comment?",
                S,
                [
                    ("Sofort scharf antworten", "Reply sharply straight away", False),
                    ("Screenshot machen und melden", "Take a screenshot and report it", True),
                ],
                "",
                "",
            ),
            (
                "Wen können Sie ansprechen?",
                "Who can you turn to?",
                M,
                [
                    ("Die Ansprechpartner im Portal", "The advisors in the portal", True),
                    ("Ihre Führungskraft", "Your manager", True),
                    ("Niemanden", "Nobody", False),
                ],
                "",
                "",
            ),
        ],
    },
    {
        "title": "Stellenanzeigen richtig teilen",
        "title_en": "Sharing job ads the right way",
        "summary": "Wie Sie offene Stellen teilen, damit sie gefunden werden.",
        "summary_en": "How to share open positions so that people find them.",
        "kind": "lesson",
        "minutes": 5,
        "body": (
            "Teilen Sie Stellenanzeigen über den offiziellen Link der Karriereseite und schreiben Sie ein, zwei "
            "persönliche Sätze dazu: Was gefällt Ihnen am Team? Persönliche Empfehlungen werden deutlich häufiger "
            "gelesen als reine Links."
        ),
        "body_en": (
            "Share job ads using the official link to the careers page and add a sentence or two of your "
            "own: what do you like about the team? Personal recommendations are read far more often than "
            "bare links."
        ),
        "questions": [],
    },
]
