import logging
import re
from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import NestedObjects
from django.contrib.admin.views.main import ERROR_FLAG, IGNORED_PARAMS, PAGE_VAR, SEARCH_VAR
from django.contrib.admin.widgets import url_params_from_lookup_dict
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import router
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.lib.drafts import forget_draft
from portal.lib.i18n import localized
from portal.lib.numbers import parse_int
from portal.lib.urls import local_path
from portal.roles import can_use_admin

logger = logging.getLogger(__name__)

# Date parts in list filters and the date hierarchy (?published_at__year=2026,
# ?due_date__year__gte=2025), and their range.
_DATE_PART = re.compile(r"__(year|month|day)(__[a-z]+)?$")
_RANGES = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


def date_parts(params) -> list[tuple[str, str]]:
    return [(match.group(1), value) for key, value in params.items() if (match := _DATE_PART.search(key))]


def has_bad_date_part(params) -> bool:
    """Whether a date part in ``params`` is no number in its range: Django's changelist turns
    ?published_at__year=2147483648 into a date while rendering, and fails with a 500."""
    for part, value in date_parts(params):
        low, high = _RANGES[part]
        number = parse_int(value.strip())
        if number is None or not low <= number <= high:
            return True
    return False


_LIST_PARAMS = {*IGNORED_PARAMS, PAGE_VAR, ERROR_FLAG}
MAX_SEARCH_LENGTH = 1000
# What Django's list filters put after a field's name (their expected_parameters) and what its
# date hierarchy puts after its field's. Any other lookup went to the database as written:
# ?status__regex=( was a 500 on either database, ?published_at__gte=0001-01-01 one on SQLite.
_FILTER_LOOKUPS = ("", "__exact", "__isnull", "__isempty", "__gte", "__lt", "__id__exact")
_DATE_HIERARCHY_LOOKUPS = ("__year", "__month", "__day")


def unlisted_lookups(model_admin, request) -> list[str]:
    """The query parameters of a list page that none of its own filters offers.

    Django's admin accepts a filter on any of the model's own fields
    (?last_login__gte=…) whether the list offers it or not: a role that may not
    see a field (HR and the sign-in times) could learn it one comparison at a
    time. The list's filters and date hierarchy with the lookups they use, search,
    ordering and paging pass, and what a related-object popup asks for
    (``limit_choices_to``).
    """
    allowed = set(_LIST_PARAMS)
    for item in model_admin.get_list_filter(request):
        if isinstance(item, (list, tuple)):
            item = item[0]
        if isinstance(item, str):
            allowed.update(item + lookup for lookup in _FILTER_LOOKUPS)
        else:
            allowed.add(getattr(item, "parameter_name", None))
    if model_admin.date_hierarchy:
        allowed.update(model_admin.date_hierarchy + lookup for lookup in _DATE_HIERARCHY_LOOKUPS)
    for lookup in model_admin.model._meta.related_fkey_lookups:
        allowed.update(url_params_from_lookup_dict(lookup() if callable(lookup) else lookup))
    return [key for key in request.GET if key not in allowed]


def localized_column(field: str, description):
    """A list column showing ``field`` in the reader's language (``<field>_en`` for English
    readers, where filled in), sorted by ``field``: English editors saw the German names."""

    @admin.display(description=description, ordering=field)
    def column(obj) -> str:
        return localized(obj, field)

    column.__name__ = f"{field}_localized"
    return column


def opens_in_admin(request, admin_site, model) -> bool:
    """Whether ``request.user`` may open the admin's pages of ``model``'s objects.

    Django (5.2) links a read-only foreign key, and simple-history the author of each change, to
    the related object's admin page whoever is looking: for somebody who may not view such
    objects (Communications and people) the link is a 403. Those see the name as plain text.
    """
    try:
        model_admin = admin_site.get_model_admin(model)
    except admin.sites.NotRegistered:
        return False
    return model_admin.has_view_permission(request)


# The admin's views with a change form whose text keep-draft.js keeps (as "admin").
DRAFT_VIEWS = frozenset({"add_view", "change_view", "history_form_view"})


class PortalAdminSite(admin.AdminSite):
    site_header = _("Social Media Portal – administration")
    empty_value_display = "–"  # the dash the portal's own pages and columns use, not "-"
    site_title = _("Social Media Portal")
    index_title = _("Administration")  # what is here depends on the role: the list below says
    site_url = "/"

    @login_not_required
    def login(self, request, extra_context=None):
        """The portal's sign-in (allauth) for the admin too: its limits on failed attempts and
        single sign-on apply; the admin's own form would let anyone guess passwords freely."""
        index = reverse("admin:index", current_app=self.name)
        next_url = local_path(request, request.GET.get(REDIRECT_FIELD_NAME, ""), default=index)
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(next_url)  # signed in already
            # Signed in without an admin role: the sign-in would send them straight back here,
            # and round again. Say no instead.
            raise PermissionDenied
        return HttpResponseRedirect(
            f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        )

    def password_change(self, request, extra_context=None):
        """The portal's page (allauth) for the admin's "Change password" too: its limit on guessing
        the current password and the e-mail telling the account's owner; the admin's own had
        neither (someone on a taken-over session could guess freely and change it unheard of).
        With single sign-on only there is no password to change here."""
        try:
            return HttpResponseRedirect(reverse("account_change_password"))
        except NoReverseMatch:
            raise Http404 from None

    def password_change_done(self, request, extra_context=None):
        return self.password_change(request, extra_context)

    def has_permission(self, request) -> bool:
        # HR and Communications work here without the is_staff flag, so that
        # the role (group) is the one switch that grants or removes access.
        return can_use_admin(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        if getattr(view, "__name__", "") in DRAFT_VIEWS:
            return self._forgets_sent_draft(inner)
        if getattr(view, "__name__", "") != "changelist_view":
            return inner

        @wraps(view)
        def checked(request, *args, **kwargs):
            if not self.has_permission(request):
                return inner(request, *args, **kwargs)  # the admin's own sign-in or refusal first
            # The changelist's own answer to lookups it cannot use: its "invalid filter" page.
            invalid = HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
            if len(request.GET.get(SEARCH_VAR, "")) > MAX_SEARCH_LENGTH:
                # SQLite gives up on a LIKE pattern of some 50,000 characters (a 500).
                message = _("The search term is too long (at most %(count)s characters).") % {
                    "count": number_format(MAX_SEARCH_LENGTH, force_grouping=True)
                }
                return render(request, "400.html", {"message": message}, status=400)
            # Any method: an action sent from a filtered list applies its filters too.
            if has_bad_date_part(request.GET) or unlisted_lookups(view.__self__, request):
                return invalid
            if request.method != "GET" or not date_parts(request.GET):
                return inner(request, *args, **kwargs)
            # In range and still no date (the day after 31 December 9999, the year 1 in UTC):
            # the error comes while listing or rendering, so render here.
            try:
                response = inner(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            except (ValueError, OverflowError):
                logger.warning(
                    "Admin list with an impossible date: %s", request.get_full_path(), exc_info=True
                )
                return invalid
            return response

        return checked

    @staticmethod
    def _forgets_sent_draft(inner):
        """A change form saved (the admin redirects): the next page tells the browser tab to
        forget what it kept of it (static/js/keep-draft.js), also where it comes back to the same
        page ("Save and continue editing")."""

        @wraps(inner)
        def saved(request, *args, **kwargs):
            response = inner(request, *args, **kwargs)
            if request.method == "POST" and response.status_code == 302 and request.user.is_authenticated:
                forget_draft(request, "admin")
            return response

        return saved


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"


# Rows the delete page never counts: how many questions somebody asked anonymously would give
# them away, and how many mentions they read or starred is nobody's business.
UNCOUNTED = frozenset({"contacts.AnonymousAsking", "monitoring.MentionState"})


NAMED_PROTECTED = 10  # a few are named; more are counted (a module's 5,000 assignments)


def _protected(objects) -> list[str]:
    """What keeps the objects from being deleted, for the delete page: up to ``NAMED_PROTECTED``
    of a kind by name, more as a count of that kind."""
    by_model: dict = {}
    for obj in objects:
        by_model.setdefault(obj._meta.model, []).append(obj)
    lines = []
    for model, found in by_model.items():
        if len(found) > NAMED_PROTECTED:
            lines.append(f"{capfirst(_kind(model))}: {len(found)}")
        else:
            lines += sorted(f"{capfirst(model._meta.verbose_name)}: {obj}" for obj in found)
    return lines


def _kind(model) -> str:
    """A kind of row for people: a many-to-many link table is named after its field ("groups"),
    not "User-group relationships"."""
    owner = model._meta.auto_created
    if owner:
        for field in owner._meta.many_to_many:
            if field.remote_field.through is model:
                return gettext("%(field)s (links)") % {"field": field.verbose_name}
    return model._meta.verbose_name_plural


class CountedDeletePage:
    """ModelAdmin mixin: the delete page names the objects to delete and counts what goes with
    them, instead of Django's line per related object (one ``str()`` each, with its queries:
    a module's 5,000 assignments took 9,000 queries and four seconds). Django's summary above
    the list counts them by kind already."""

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(self.model), origin=objs)
        collector.collect(objs)
        perms_needed = set()
        for model, instances in collector.model_objs.items():
            model_admin = self.admin_site._registry.get(model)
            if model_admin is not None and not model_admin.has_delete_permission(
                request, next(iter(instances))
            ):
                perms_needed.add(model._meta.verbose_name)
        model_count = {
            _kind(model): len(found)
            for model, found in collector.model_objs.items()
            if model._meta.label not in UNCOUNTED
        }
        named = [f"{capfirst(obj._meta.verbose_name)}: {obj}" for obj in objs]
        named += [note for note in self.consequences(objs) if note]
        return named, model_count, perms_needed, _protected(collector.protected)

    def consequences(self, objs: list) -> list[str]:
        """What else deleting ``objs`` does, in words, for the delete page (none here)."""
        return []
