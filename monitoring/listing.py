"""The mention list's filters, search and pagination, shared by the page and the Atom feed.

Everything is in the query string (a GET form), so a filtered list can be
bookmarked, shared and gone back to.
"""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import islice

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from monitoring import search
from monitoring.models import Mention, Source, TrackedKeyword
from portal.forms import gone
from portal.lib.numbers import parse_int
from portal.lib.paging import IdsFirstPaginator
from portal.lib.search_words import nothing_to_search

PAGE_SIZE = 25
# Beyond this many sources the filter is a text box for the source's name, not a list of them
# all (10,000 imported feeds made the page half a megabyte for every employee).
SOURCE_CHOICES_MAX = 200
# Counting every match of a broad filter over 100,000 mentions costs more than
# showing the page; beyond this many the list says "more than …" (bench/mentions.py).
COUNT_CAP = 2000
# A page number past any real list (it would only make the count's limit overflow).
MAX_PAGE = 1_000_000
# Sources a typed name filters by as a list of ids; more, and by the name in the query itself.
MAX_SOURCE_IDS = 5000
# Dates outside these years are typos; year 1 or 9999 would overflow on the time zone conversion.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class FlagInput(forms.CheckboxInput):
    """A checkbox in a bookmarkable query string: "0", "false", "off" and "no" mean unticked, too."""

    def value_from_datadict(self, data, files, name) -> bool:
        value = data.get(name)
        return value is not None and str(value).strip().lower() not in ("", "0", "false", "off", "no")


class MentionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    # A bookmark or feed address from before: said in words, not "Select a valid choice".
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=Source.objects.only("id", "name"),
        required=False,
        empty_label=_("All"),
        error_messages=gone(_("This source no longer exists.")),
    )
    source_name = forms.CharField(label=_("Source"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of source"), choices=[("", _("All")), *Source.Kind.choices], required=False
    )
    keyword = forms.ModelChoiceField(
        label=_("Keyword"),
        queryset=TrackedKeyword.objects.filter(active=True).only("id", "name"),
        required=False,
        empty_label=_("All"),
        error_messages=gone(_("This keyword is no longer tracked.")),
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unread = forms.BooleanField(label=_("Unread only"), required=False, widget=FlagInput)
    starred = forms.BooleanField(label=_("Starred only"), required=False, widget=FlagInput)
    # Advisors: the open mentions the communications team asked them to look at.
    asked = forms.BooleanField(label=_("Only those I was asked about"), required=False, widget=FlagInput)

    def clean_q(self) -> str:
        text = self.cleaned_data.get("q", "")
        if text and not search.searchable(text):
            # Left out, it would list every mention as if they all matched "🚀" or "die".
            raise forms.ValidationError(nothing_to_search(search.stop_words(text)), code="unsearchable")
        return text

    @property
    def search_refused(self) -> bool:
        """A search was typed and could not be run (see ``clean_q``): the list shows no mentions,
        rather than all of them as if they matched."""
        return self.is_bound and self.has_error("q")

    @property
    def filters_have_errors(self) -> bool:
        """An error in the filters (not the search box above them): they are shown opened."""
        return self.is_bound and any(name != "q" for name in self.errors)

    def _clean_date(self, name: str):
        value = self.cleaned_data.get(name)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Please enter a date between %(earliest)s and %(latest)s."),
                params={"earliest": EARLIEST.year, "latest": LATEST.year},
            )
        return value

    def clean_since(self):
        return self._clean_date("since")

    def clean_until(self):
        return self._clean_date("until")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must not be before the start date."))
            data.pop("since", None)  # no half of a range that makes no sense
        return data

    many_sources = False
    offer_asked = False  # the view sets it for advisors

    def load_choices(self) -> None:
        """Read the source and keyword choices once (one query each) for rendering; with more
        than SOURCE_CHOICES_MAX sources, the source's name is typed instead (``fields_shown``)."""
        sources = self.fields["source"]
        # One more than shown tells there are more. The empty choice comes first.
        sources.choices = list(islice(iter(sources.choices), SOURCE_CHOICES_MAX + 2))
        self.many_sources = len(sources.choices) > SOURCE_CHOICES_MAX + 1
        # iter(): list() alone would ask the iterator for its length, a COUNT query.
        self.fields["keyword"].choices = list(iter(self.fields["keyword"].choices))

    def fields_shown(self) -> list:
        """The filter fields the page offers: the source as a list or, past SOURCE_CHOICES_MAX
        sources, as its name (a bookmarked source=ID still filters, kept in a hidden field)."""
        hidden = {"q", "source" if self.many_sources else "source_name"}
        if self["source_name"].value():
            hidden.discard("source_name")  # typed into an address: shown, as it filters
        if not (self.offer_asked or self["asked"].value()):
            hidden.add("asked")
        return [field for field in self if field.name not in hidden]

    def filters(self) -> dict:
        """The valid filters; an invalid field is left out (its error is shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}


def filter_mentions(queryset, user, filters: dict):
    """``queryset`` narrowed by ``filters`` (MentionFilterForm.filters); unread/starred are ``user``'s."""
    if source := filters.get("source"):
        queryset = queryset.filter(source=source)
    if name := filters.get("source_name"):
        # The sources first, then their mentions: PostgreSQL cannot tell from a join how many
        # sources a name fragment matches (it guessed one of 500), and read 100,000 mentions.
        ids = list(
            Source.objects.filter(name__icontains=name).values_list("pk", flat=True)[: MAX_SOURCE_IDS + 1]
        )
        if len(ids) <= MAX_SOURCE_IDS:
            queryset = queryset.filter(source_id__in=ids)
        else:
            queryset = queryset.filter(source__name__icontains=name)
    if kind := filters.get("kind"):
        queryset = queryset.filter(source__kind=kind)
    if keyword := filters.get("keyword"):
        queryset = queryset.filter(keywords=keyword)
    tz = timezone.get_current_timezone()
    if since := filters.get("since"):
        queryset = queryset.filter(published_at__gte=datetime.combine(since, time.min, tz))
    if until := filters.get("until"):
        queryset = queryset.filter(published_at__lte=datetime.combine(until, time.max, tz))
    if filters.get("unread"):
        queryset = queryset.filter(is_read=False)
    if filters.get("starred"):
        queryset = queryset.filter(is_starred=True)
    if filters.get("asked"):
        queryset = queryset.asked_of(user)
    if text := filters.get("q"):
        queryset = search.search(queryset, text)
    return queryset


def mentions_for(user, filters: dict):
    """The mentions ``user`` sees with ``filters``, newest first, with their own read/starred state."""
    return filter_mentions(Mention.objects.newest().with_state_for(user), user, filters)


class CappedPaginator(IdsFirstPaginator):
    """A paginator that counts at most COUNT_CAP + 1 rows (see COUNT_CAP)."""

    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = self.shown_cap = cap or COUNT_CAP  # counted up to; said ("more than 2,000" on every page)

    def get_page(self, number):
        """Counts far enough to know whether a page follows the one asked for: a list capped at
        COUNT_CAP would otherwise end there, and older mentions could not be reached. A page
        number below 1 (or none) is the first page, not the last counted."""
        requested = min(max(parse_int(number) or 1, 1), MAX_PAGE)
        self.cap = max(self.cap, requested * self.per_page)
        bottom = (requested - 1) * self.per_page
        if self.cap == bottom + self.per_page:
            # Counted to this page's end: the page's ids and one more tell the count as well
            # (exact, or past the cap), without reading every match before it a second time (a
            # search matching 50,000 mentions, page 1,999: 0.25 s). Past the end, it is counted.
            ids = list(self.object_list.values_list("pk", flat=True)[bottom : self.cap + 1])
            if ids:
                self.count = bottom + len(ids)  # as ``count`` would say: at most cap + 1
                self._read = (requested, ids[: self.per_page])
        return super().get_page(requested)

    @cached_property
    def count(self) -> int:
        # SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1): stops early on broad filters.
        return min(self.object_list.order_by().values("pk")[: self.cap + 1].count(), self.cap + 1)

    @property
    def capped(self) -> bool:
        return self.count > self.cap
