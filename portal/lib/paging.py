"""The portal's paginator: Django's, except for page numbers below 1."""

from __future__ import annotations

from django.core import paginator


class Paginator(paginator.Paginator):
    """Django's ``get_page`` shows the last page for any number out of range; a number below 1
    ("?page=0", "?page=-1") is the first page here, as it is for one that is no number."""

    def get_page(self, number):
        try:
            below_first = int(str(number).strip()) < 1
        except ValueError:  # no number ("abc", "2.5"), or too long to read: Django decides
            below_first = False
        return super().get_page(1 if below_first else number)
