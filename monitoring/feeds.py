"""The personal Atom feed of mentions: a secret, revocable URL for the employee's own feed reader.

The key in the URL is the only credential (portal.FeedToken, purpose
MENTIONS); the list's filters work in its query string, and "unread" and
"starred" are the token owner's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from monitoring.listing import MentionFilterForm, mentions_for
from portal.lib.html import drop_unsafe_characters
from portal.lib.mail import absolute_url, own_language
from portal.models import FeedToken

FEED_SIZE = 50


@dataclass
class Subscription:
    """One request's feed: whose it is and with which filters (the Feed instance is shared by threads)."""

    user: object
    filters: dict
    path: str


class MentionFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        # In the owner's language: a feed reader sends no useful Accept-Language.
        token = FeedToken.objects.resolve(kwargs.get("key", ""), FeedToken.Purpose.MENTIONS)
        if token is None:
            raise Http404("Unknown or revoked feed")
        request.feed_token = token
        with translation.override(own_language(token.user) or translation.get_language()):
            form = MentionFilterForm(request.GET or None)
            if form.is_bound and not form.is_valid():
                # Leaving the filter out would send every mention, as if it were the selection.
                problems = "; ".join(
                    f"{form.fields[name].label}: {' '.join(errors)}"
                    if name in form.fields
                    else " ".join(errors)
                    for name, errors in form.errors.items()
                )
                message = _(
                    "This feed address has a filter the portal cannot use (%(problems)s). "
                    "Please copy the address again from the mentions page."
                ) % {"problems": problems}
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
            request.feed_filters = form.filters()
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, key: str) -> Subscription:
        return Subscription(
            user=request.feed_token.user, filters=request.feed_filters, path=request.get_full_path()
        )

    def title(self, subscription) -> str:
        return _("Mentions · Social Media Portal")

    def subtitle(self, subscription) -> str:
        return _("What the web says about the company.")

    # Links and entry ids on the portal's address (PORTAL_URL), as in its e-mails and calendar: one
    # subscribed under another host name gave every entry a new id, and the reader listed them again.
    def link(self, subscription) -> str:
        return absolute_url(reverse("monitoring:index"))

    def feed_url(self, subscription) -> str:
        # rel="self" is this very feed, filters included.
        return subscription.path

    def feed_guid(self, subscription) -> str:
        # Unique per person and filter, without the secret key.
        query = subscription.path.partition("?")[2]
        return f"urn:portal:mentions:{subscription.user.pk}:{query}"

    def items(self, subscription):
        return mentions_for(subscription.user, subscription.filters)[:FEED_SIZE]

    # Stored before ingest dropped control characters, one would break the whole feed.
    def item_title(self, mention) -> str:
        return drop_unsafe_characters(mention.heading)

    def item_description(self, mention) -> str:
        # Sanitised at ingest; the feed generator escapes it once more inside <summary>.
        return drop_unsafe_characters(mention.summary or mention.content)

    def item_link(self, mention) -> str:
        return absolute_url(reverse("monitoring:detail", args=[mention.pk]))

    def item_pubdate(self, mention):
        return mention.published_at

    def item_updateddate(self, mention):
        return mention.updated_at

    def item_author_name(self, mention) -> str:
        return drop_unsafe_characters(mention.author or mention.source.name)

    def item_categories(self, mention) -> list[str]:
        return [keyword.name for keyword in mention.keywords.all()]


# Personal (unread, starred): never kept by a shared proxy, as the calendar feed.
mention_feed = login_not_required(never_cache(MentionFeed()))
