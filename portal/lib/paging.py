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


class IdsFirstPaginator(Paginator):
    """A paginator that reads a page's ids first, then only those rows (see ``_get_page``)."""

    _read = (None, [])  # the number and ids of a page get_page read already (CappedPaginator)

    def _get_page(self, object_list, number, paginator):
        """The page's ids first, then only those rows: a deep page's OFFSET skips over index
        entries, not over whole rows joined with their relations (page 1,999 of 100,000
        mentions took 0.5–1.5 s, bench/mentions.py; the last of 50,000 assignments 0.4 s).
        The rows are loaded with the list's filters, order, select_related and prefetch."""
        read_number, ids = self._read
        if read_number != number:
            ids = list(object_list.values_list("pk", flat=True))
        rows = list(self.object_list.filter(pk__in=ids)) if ids else []
        return super()._get_page(rows, number, paginator)
