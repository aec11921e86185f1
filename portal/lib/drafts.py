"""What a form's page keeps of its text in the browser tab (static/js/keep-draft.js), and how a
view tells it that the text was sent.

A send the server took may lead back to the form's own page (a follow-up question comes back to
its question): the tab's draft, kept at that page's address, would fill the form again the next
time it is there, as if never sent. The next page says so instead, once, and the tab forgets it.
"""

from __future__ import annotations

from django.http import HttpRequest

SENT_DRAFTS = "portal_sent_drafts"  # session key: names of forms (their data-keep-draft)


def forget_draft(request: HttpRequest, form: str) -> None:
    """The text of the form marked ``data-keep-draft="<form>"`` was taken: the next page tells the
    tab to forget its draft. Refused sends do not call this: their text stays."""
    sent = request.session.get(SENT_DRAFTS, [])
    if form not in sent:
        request.session[SENT_DRAFTS] = [*sent, form]


def sent_drafts(request: HttpRequest) -> list[str]:
    """The forms whose drafts were sent since the last page, once: read when the page shows them."""
    if not hasattr(request, "session"):
        return []
    return request.session.pop(SENT_DRAFTS, [])
