"""The demo guideline set, taboo topics and company names (German and English).

Kept apart from guidelines/demo.py so the loader stays readable.
"""

from __future__ import annotations

from guidelines.models import SectionCategory as C
from guidelines.models import SectionKind as K

COMPANY = "Nordlicht Systems"

# (key, category, kind, title, title_en, body, body_en)
SECTIONS = [
    (
        "commitment",
        C.COMMITMENT,
        K.RECOMMENDATION,
        "Unser Bekenntnis",
        "Our commitment",
        "Wir freuen uns, wenn Sie in sozialen Netzwerken über Ihre Arbeit bei Nordlicht Systems sprechen. "
        "Ihre Stimme ist glaubwürdiger als jede Anzeige.\n\n"
        "Diese Leitlinien sollen Ihnen **Sicherheit** geben, nicht Angst machen. Fehler passieren – wenn Ihnen "
        "einer auffällt, sprechen Sie uns an. Niemand wird dafür bestraft, dass er nachfragt.",
        "We are glad when you talk about your work at Nordlicht Systems on social networks. "
        "Your voice is more credible than any advertisement.\n\n"
        "These guidelines are meant to give you **confidence**, not to scare you. Mistakes happen – if you notice "
        "one, talk to us. Nobody is ever punished for asking.",
    ),
    (
        "scope",
        C.SCOPE,
        K.RULE,
        "Geltungsbereich: private und dienstliche Nutzung",
        "Scope: private and business use",
        "Die Leitlinien gelten für alle Beschäftigten, sobald ein Beitrag einen Bezug zu Nordlicht Systems hat – "
        "auf LinkedIn, Xing, X, Instagram, TikTok, in Blogs und Foren.\n\n"
        "- **Dienstliche Nutzung:** Nur wer von der Unternehmenskommunikation dafür benannt ist, spricht im Namen "
        "des Unternehmens und betreut Unternehmenskonten.\n"
        "- **Private Nutzung:** Ihre privaten Konten bleiben privat. Sie entscheiden selbst, ob Sie Ihren "
        "Arbeitgeber angeben. Während der Arbeitszeit ist private Nutzung in angemessenem Umfang erlaubt.",
        "The guidelines apply to all employees as soon as a post relates to Nordlicht Systems – on LinkedIn, Xing, "
        "X, Instagram, TikTok, in blogs and forums.\n\n"
        "- **Business use:** Only people appointed by Corporate Communications speak on behalf of the company and "
        "run company accounts.\n"
        "- **Private use:** Your private accounts remain private. You decide whether to name your employer. "
        "Reasonable private use during working hours is allowed.",
    ),
    (
        "media-literacy",
        C.MEDIA_LITERACY,
        K.RECOMMENDATION,
        "Medienkompetenz",
        "Media literacy",
        "Das Internet vergisst nichts. Screenshots machen auch gelöschte Beiträge unsterblich, und Algorithmen "
        "zeigen Ihre Beiträge Menschen, an die Sie nicht gedacht haben.\n\n"
        "Prüfen Sie Quellen, bevor Sie etwas teilen, und fragen Sie sich: *Würde ich das auch in der Kantine "
        "laut sagen?*",
        "The internet never forgets. Screenshots keep even deleted posts alive, and algorithms show your posts "
        "to people you did not think of.\n\n"
        "Check sources before you share something and ask yourself: *Would I say this out loud in the canteen?*",
    ),
    (
        "confidentiality",
        C.CONFIDENTIALITY,
        K.RULE,
        "Was das Unternehmen nicht verlassen darf",
        "What information may not leave the company",
        "Vertrauliche und interne Informationen bleiben im Unternehmen. Dazu gehören insbesondere:\n\n"
        "1. Geschäftszahlen, die noch nicht veröffentlicht sind,\n"
        "2. Strategie, Übernahmen und Personalentscheidungen,\n"
        "3. Produkte und Dienstleistungen, die noch nicht angekündigt sind,\n"
        "4. Kundenprojekte und alles, was Kunden uns anvertraut haben.\n\n"
        "Die Liste der [Tabuthemen](/guidelines/taboo-topics/) nennt Beispiele und wer darüber sprechen darf.",
        "Confidential and internal information stays inside the company. This includes in particular:\n\n"
        "1. business figures that have not been published,\n"
        "2. strategy, acquisitions and personnel decisions,\n"
        "3. products and services that have not been announced,\n"
        "4. customer projects and anything customers have entrusted to us.\n\n"
        "The list of [taboo topics](/guidelines/taboo-topics/) gives examples and names who may speak about them.",
    ),
    (
        "legal",
        C.LEGAL,
        K.RULE,
        "Rechtlicher Rahmen: Kennzeichnung, Urheberrecht, Datenschutz",
        "Legal background: disclosure, copyright, data protection",
        "**Kennzeichnung (UWG):** Wenn Sie Produkte oder Leistungen von Nordlicht Systems loben oder empfehlen, "
        "sagen Sie dazu, dass Sie hier arbeiten – zum Beispiel „Transparenzhinweis: Ich arbeite bei Nordlicht "
        "Systems.“ Sonst gilt der Beitrag als verdeckte Werbung.\n\n"
        "**Urheberrecht:** Teilen Sie nur Bilder, Videos und Texte, an denen Sie die Rechte haben oder die "
        "ausdrücklich zum Teilen freigegeben sind. Nennen Sie die Quelle.\n\n"
        "**Datenschutz:** Veröffentlichen Sie keine Fotos, Namen oder Daten von Kolleginnen, Kollegen oder "
        "Kunden ohne deren Einwilligung.",
        "**Disclosure (German UWG):** When you praise or recommend products or services of Nordlicht Systems, say "
        "that you work here – for example “Disclosure: I work at Nordlicht Systems.” Otherwise the post counts as "
        "hidden advertising.\n\n"
        "**Copyright:** Only share pictures, videos and texts you hold the rights to or that are explicitly "
        "released for sharing. Name the source.\n\n"
        "**Data protection:** Do not publish photos, names or data of colleagues or customers without their "
        "consent.",
    ),
    (
        "netiquette",
        C.NETIQUETTE,
        K.RECOMMENDATION,
        "Netiquette",
        "Netiquette",
        "Bleiben Sie freundlich und sachlich, auch wenn andere es nicht sind. Lassen Sie sich nicht auf "
        "Provokationen ein – bei kritischen Kommentaren zum Unternehmen hilft die Unternehmenskommunikation.\n\n"
        "Beleidigungen, Diskriminierung und Hetze haben in unseren Beiträgen keinen Platz.",
        "Stay friendly and factual, even when others are not. Do not rise to provocations – Corporate "
        "Communications helps with critical comments about the company.\n\n"
        "Insults, discrimination and hate speech have no place in our posts.",
    ),
    (
        "responsibility",
        C.RESPONSIBILITY,
        K.RULE,
        "Eigenverantwortung",
        "Own responsibility",
        "Sie sind für Ihre Beiträge selbst verantwortlich. Denken Sie nach, bevor Sie posten, und nutzen Sie "
        "im Zweifel den [Beitrags-Check](/guidelines/check/).",
        "You are responsible for your own posts. Think before you post and, when in doubt, use the "
        "[post checker](/guidelines/check/).",
    ),
    (
        "competitors",
        C.COMPETITORS,
        K.RULE,
        "Respekt gegenüber Wettbewerbern",
        "Respect for competitors",
        "Wir äußern uns nicht abfällig über Wettbewerber, deren Produkte oder Beschäftigte. Vergleiche überlassen "
        "wir dem Marketing, das sie rechtlich prüfen lässt.",
        "We do not speak disparagingly about competitors, their products or their staff. Comparisons are left "
        "to Marketing, which has them checked legally.",
    ),
    (
        "opinion",
        C.OPINION,
        K.RULE,
        "Private Meinung und offizielle Aussagen",
        "Private opinion and official statements",
        "Machen Sie deutlich, wenn Sie Ihre persönliche Meinung äußern, etwa mit „Ich persönlich finde …“ oder "
        "einem Hinweis im Profil („Hier schreibe ich privat“). Offizielle Aussagen macht nur die "
        "Unternehmenskommunikation.",
        "Make it clear when you express your personal opinion, for example with “Personally, I think …” or a "
        "note in your profile (“Views are my own”). Official statements are made by Corporate Communications "
        "only.",
    ),
    (
        "security",
        C.SECURITY,
        K.RULE,
        "Sicherheit: Phishing, Schadsoftware, kein Spam",
        "Security: phishing, malware, no spam",
        "Angreifer nutzen soziale Netzwerke, um an Zugangsdaten zu kommen.\n\n"
        "- Klicken Sie nicht auf Links in unerwarteten Nachrichten, auch nicht von bekannten Kontakten.\n"
        "- Verwenden Sie für soziale Netzwerke niemals Ihr Firmenpasswort und schalten Sie die "
        "Zwei-Faktor-Anmeldung ein.\n"
        "- Verbreiten Sie keine Kettenbriefe und keine Werbung in fremden Gruppen (Spam).\n"
        "- Melden Sie verdächtige Kontaktanfragen der IT-Sicherheit.",
        "Attackers use social networks to get hold of credentials.\n\n"
        "- Do not click links in unexpected messages, not even from known contacts.\n"
        "- Never use your company password for social networks, and turn on two-factor sign-in.\n"
        "- Do not spread chain letters or advertise in other people's groups (spam).\n"
        "- Report suspicious contact requests to IT Security.",
    ),
    (
        "contact",
        C.CONTACT,
        K.RECOMMENDATION,
        "Wen Sie fragen können",
        "Whom to ask",
        "Wenn Sie unsicher sind, fragen Sie – vor oder nach dem Posten. Die Unternehmenskommunikation "
        "(Pressestelle) hilft bei allen Fragen zu Beiträgen, die Rechtsabteilung bei rechtlichen Fragen, die "
        "IT-Sicherheit bei verdächtigen Nachrichten. Alle Ansprechpartner finden Sie im Verzeichnis der "
        "[Ansprechpartner](/advisors/).",
        "If you are unsure, ask – before or after you post. Corporate Communications (press office) helps with "
        "all questions about posts, Legal with legal questions, IT Security with suspicious messages. You find "
        "everybody in the [advisor directory](/advisors/).",
    ),
]

# Version 1 did not have the security section and said less about confidentiality.
VERSION_1_OMITS = {"security"}
VERSION_1_CONFIDENTIALITY = (
    "Vertrauliche und interne Informationen bleiben im Unternehmen. Dazu gehören Geschäftszahlen, Strategie, "
    "neue Produkte und Kundenprojekte.",
    "Confidential and internal information stays inside the company. This includes business figures, strategy, "
    "new products and customer projects.",
)
VERSIONS = [
    (
        "Erste Fassung der Social-Media-Leitlinien.",
        "First edition of the social media guidelines.",
        True,
    ),
    (
        "Neuer Abschnitt „Sicherheit“ (Phishing, Schadsoftware, Spam); der Abschnitt zur Vertraulichkeit nennt "
        "jetzt die vier Tabuthemen ausdrücklich.",
        "New section “Security” (phishing, malware, spam); the confidentiality section now names the four taboo "
        "topics explicitly.",
        True,
    ),
]

# (name, name_en, severity, speaker, speaker_en, explanation, explanation_en, examples, terms)
# terms: (term, whole_word, is_regex)
TABOO_TOPICS = [
    (
        "Finanzkennzahlen",
        "Financial figures",
        "never",
        "Investor Relations und Vorstand",
        "Investor Relations and the Executive Board",
        "Umsatz, Gewinn, Margen, Auftragseingang und Prognosen sind Insiderinformationen, bis sie offiziell "
        "veröffentlicht sind. Schon Andeutungen können den Aktienkurs bewegen.",
        "Revenue, profit, margins, order intake and forecasts are inside information until they are officially "
        "published. Even hints can move the share price.",
        [
            (
                "„Unser Umsatz ist im dritten Quartal um 12 % gestiegen!“",
                "“Our revenue grew by 12 % in the third quarter!”",
            ),
            (
                "„Die Quartalszahlen werden super – mehr darf ich noch nicht sagen 😉“",
                "“The quarterly figures will be great – I can't say more yet 😉”",
            ),
            (
                "„Unsere Marge auf der neuen Produktlinie liegt über 40 %.“",
                "“Our margin on the new product line is above 40 %.”",
            ),
        ],
        [
            ("Umsatz", False, False),
            ("Gewinn", False, False),
            ("Zahlen", False, False),
            ("Marge", False, False),
            ("Prognose", False, False),
            ("Auftragseingang", False, False),
            ("Bilanz", False, False),
            ("EBIT", True, False),
            ("revenue", False, False),
            ("profit", True, False),
            ("earnings", False, False),
            ("quarterly results", False, False),
            ("figures", False, False),
            ("margin", False, False),
            ("forecast", False, False),
            ("order intake", False, False),
            (r"\bq[1-4]\s*(19|20)\d\d\b", False, True),
        ],
    ),
    (
        "Unternehmensstrategie",
        "Corporate strategy",
        "never",
        "Vorstand und Pressestelle",
        "Executive Board and press office",
        "Übernahmen, Fusionen, Standortentscheidungen, Restrukturierungen und strategische Pläne kommuniziert "
        "ausschließlich der Vorstand über die Pressestelle.",
        "Acquisitions, mergers, site decisions, restructuring and strategic plans are communicated only by the "
        "Executive Board through the press office.",
        [
            (
                "„Gerüchten zufolge übernehmen wir bald einen Wettbewerber.“",
                "“Rumour has it we are about to take over a competitor.”",
            ),
            (
                "„Der Standort Bremen wird wohl geschlossen, ich sag's ja nur.“",
                "“The Bremen site is probably closing, just saying.”",
            ),
        ],
        [
            ("Strategie", False, False),
            ("Übernahme", False, False),
            ("übernehmen", True, False),
            ("Fusion", False, False),
            ("Standortschließung", False, False),
            ("Stellenabbau", False, False),
            ("Restrukturierung", False, False),
            ("geschlossen", True, False),
            ("acquisition", False, False),
            ("merger", False, False),
            ("layoffs", False, False),
            ("restructuring", False, False),
            ("strategy", False, False),
            ("take over", False, False),
            ("takeover", False, False),
            ("closing", True, False),
            ("site closure", False, False),
        ],
    ),
    (
        "Unangekündigte Produkte und Dienstleistungen",
        "Unannounced products and services",
        "never",
        "Produktmarketing über die Pressestelle",
        "Product Marketing through the press office",
        "Was noch nicht offiziell angekündigt ist, bleibt intern: Prototypen, Roadmaps, Termine und Codenamen. "
        "Sonst verlieren wir den Vorsprung – und Kunden warten auf etwas, das sich noch ändern kann.",
        "Anything not yet officially announced stays internal: prototypes, roadmaps, dates and code names. "
        "Otherwise we lose our lead – and customers wait for something that may still change.",
        [
            (
                "„Seht euch diesen Prototyp an, den wir gerade im Labor testen!“ (mit Foto)",
                "“Look at this prototype we are testing in the lab!” (with a photo)",
            ),
            (
                "„Projekt Aurora kommt im Frühjahr – ihr werdet staunen.“",
                "“Project Aurora is coming in spring – you'll be amazed.”",
            ),
        ],
        [
            ("Prototyp", False, False),
            ("Roadmap", False, False),
            ("Markteinführung", False, False),
            ("neues Produkt", False, False),
            ("Aurora", False, False),
            ("Codename", False, False),
            ("Launch", False, False),
            ("prototype", False, False),
            ("unreleased", False, False),
            ("coming soon", False, False),
            ("upcoming release", False, False),
        ],
    ),
    (
        "Kundenprojekte und Kundenaussagen",
        "Customer projects and customer statements",
        "ask_first",
        "Key Account Management und Pressestelle",
        "Key Account Management and press office",
        "Ob und wie wir über einen Kunden sprechen, entscheidet der Kunde mit. Referenzen, Zitate, Fotos aus "
        "Kundenprojekten und Aufträge veröffentlichen wir nur mit schriftlicher Freigabe.",
        "Whether and how we talk about a customer is the customer's decision too. References, quotes, photos "
        "from customer projects and new orders are published only with written approval.",
        [
            (
                "„Wir haben gerade den Großauftrag der Stadtwerke Musterstadt gewonnen!“",
                "“We have just won the big order from Musterstadt's public utility!”",
            ),
            (
                "„Unser Kunde sagt, unsere Lösung sei viel besser als die der Konkurrenz.“",
                "“Our customer says our solution is much better than the competition's.”",
            ),
            ("Ein Foto aus dem Rechenzentrum eines Kunden.", "A photo taken in a customer's data centre."),
        ],
        [
            ("Kundenprojekt", False, False),
            ("Kunde", True, False),
            ("Auftrag", False, False),
            ("Referenzkunde", False, False),
            ("Ausschreibung", False, False),
            ("customer project", False, False),
            ("customer", False, False),
            ("client", True, False),
            ("contract", False, False),
            ("tender", True, False),
            ("big order", False, False),
            ("order from", False, False),
        ],
    ),
]

# (name, kind)
COMPANY_NAMES = [
    ("Nordlicht Systems", "company"),
    ("Nordlicht", "company"),
    ("Polaris Cloud", "product"),
    ("Polaris Edge", "product"),
    ("Nordlicht Service Plus", "service"),
]
