"""The demo's training modules: German content with English titles and summaries.

Each entry: title, title_en, summary, summary_en, kind, minutes, renewal, body,
questions as (text, kind, [(answer, correct), ...], explanation).
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
        "questions": [
            (
                "Wie formulieren Sie eine persönliche Einschätzung am besten?",
                S,
                [("„Ich finde …“", True), ("„Das Unternehmen plant …“", False), ("„Wir werden …“", False)],
                "Persönliche Sicht kennzeichnen – so spricht niemand ungewollt für das Unternehmen.",
            ),
            (
                "Was tun Sie, wenn Sie unsicher sind, ob ein Beitrag in Ordnung ist?",
                S,
                [
                    ("Trotzdem posten und abwarten", False),
                    ("Eine Ansprechperson fragen", True),
                    ("Den Beitrag anonym posten", False),
                ],
                "Fragen kostet nichts – auch nach dem Posten.",
            ),
            (
                "Was gilt, wenn Ihnen ein Fehler in einem Beitrag auffällt?",
                M,
                [
                    ("Offen korrigieren", True),
                    ("Kommentare löschen, die darauf hinweisen", False),
                    ("Bei Bedarf die Kommunikationsabteilung informieren", True),
                ],
                "Transparenz schafft Vertrauen.",
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
        "questions": [
            (
                "Welche Themen sind tabu?",
                M,
                [
                    ("Nicht angekündigte Produkte", True),
                    ("Quartalszahlen vor der Veröffentlichung", True),
                    ("Ein Foto vom Sommerfest mit Zustimmung der Abgebildeten", False),
                    ("Details aus einem Kundenprojekt", True),
                ],
                "Im Zweifel gilt: nur die Pressestelle.",
            ),
            (
                "Ein Journalist fragt Sie auf LinkedIn nach Umsatzzahlen. Was tun Sie?",
                S,
                [
                    ("Ungefähre Zahlen nennen", False),
                    ("An die Pressestelle verweisen", True),
                    ("Nicht reagieren und die Nachricht löschen", False),
                ],
                "Die Pressestelle antwortet gern.",
            ),
            (
                "Wie oft wird die Liste der Tabuthemen überprüft?",
                S,
                [("Jedes Jahr im Januar", True), ("Nie", False), ("Nur bei Bedarf", False)],
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
        "questions": [
            (
                "Sie empfehlen ein Produkt Ihres Arbeitgebers. Was ist nötig?",
                S,
                [
                    ("Nichts, wenn das Produkt wirklich gut ist", False),
                    ("Ein erkennbarer Hinweis auf das Arbeitsverhältnis im Beitrag", True),
                    ("Eine Freigabe durch die Rechtsabteilung für jeden Beitrag", False),
                ],
                "",
            ),
            (
                "Welche Hinweise sind geeignet?",
                M,
                [
                    ("„Ich arbeite bei …“", True),
                    ("#Mitarbeiter im Beitrag", True),
                    ("Ein Hinweis nur auf Seite 3 des Profils", False),
                ],
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
        "questions": [
            (
                "Was teilen Sie während einer Krise?",
                S,
                [
                    ("Eigene Vermutungen zur Ursache", False),
                    ("Die offizielle Stellungnahme", True),
                    ("Interne E-Mails", False),
                ],
                "",
            ),
            (
                "Wohin leiten Sie eine Medienanfrage?",
                S,
                [
                    ("An die Pressestelle", True),
                    ("An die eigene Führungskraft", False),
                    ("Sie beantworten sie selbst", False),
                ],
                "",
            ),
            (
                "Was ist hilfreich?",
                M,
                [
                    ("Auffällige Erwähnungen im Portal melden", True),
                    ("Ruhig bleiben", True),
                    ("Kritische Kommentare sofort beantworten", False),
                ],
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
        "body": (
            "Bringen Sie Ihr Notebook oder Smartphone mit. Wir arbeiten gemeinsam an Foto, Überschrift und "
            "Info-Text. Ein professionelles Porträtfoto kann vor Ort gemacht werden."
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
        "questions": [
            (
                "Dürfen Sie ein Bild aus der Google-Bildersuche in einem Beitrag verwenden?",
                S,
                [
                    ("Ja, wenn ich die Quelle nenne", False),
                    ("Nur mit Erlaubnis der Rechteinhaber", True),
                    ("Ja, Bilder im Internet sind frei", False),
                ],
                "",
            ),
            (
                "Was brauchen Sie, bevor Sie ein Teamfoto posten?",
                S,
                [
                    ("Die Zustimmung der Abgebildeten", True),
                    ("Nichts", False),
                    ("Die Zustimmung der Geschäftsführung", False),
                ],
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
        "questions": [
            (
                "Was prüfen Sie vor dem Teilen eines Bürofotos?",
                M,
                [("Bildschirme im Hintergrund", True), ("Whiteboards", True), ("Die Farbe der Wände", False)],
                "",
            ),
            (
                "Ein Kundenlogo ist auf einem Foto zu sehen. Was tun Sie?",
                S,
                [("Foto trotzdem posten", False), ("Foto zuschneiden oder nicht verwenden", True)],
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
        "questions": [
            (
                "Was ist der erste sinnvolle Schritt bei einem Hasskommentar?",
                S,
                [("Sofort scharf antworten", False), ("Screenshot machen und melden", True)],
                "",
            ),
            (
                "Wen können Sie ansprechen?",
                M,
                [("Die Ansprechpartner im Portal", True), ("Ihre Führungskraft", True), ("Niemanden", False)],
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
        "questions": [],
    },
]
