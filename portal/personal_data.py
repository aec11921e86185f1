"""What the portal stores about a person, for them to download (GDPR Art. 15 and 20).

Each app says what it keeps about a person in its own ``personal_data`` module, registered with
``@section``; ``collect`` puts the sections together. Keys are English and values plain (ISO dates,
codes with their label in the reader's language), so the file reads in any JSON viewer and can
be taken elsewhere. Secrets (feed addresses, password hashes) are named, not given.

Each section names the fields pointing at a person that it reads (``covers``): a test checks that
every such field of every model is read by a section or is left out of the download for a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_SECTIONS: dict[str, Callable] = {}
_COVERS: dict[str, Iterable[str] | Callable[[], Iterable[str]]] = {}


def section(name: str, covers: Iterable[str] | Callable[[], Iterable[str]] = ()):
    """Register ``function(user) -> data`` as the section ``name`` of a person's download.

    ``covers``: the fields pointing at a person (the user, or their advisor profile) that the
    section reads, as "app_label.Model.field"; a function returning them where the models are
    only known once all apps are loaded."""

    def register(function: Callable) -> Callable:
        _SECTIONS[name] = function
        _COVERS[name] = covers
        return function

    return register


def covered_fields() -> set[str]:
    """Every "app_label.Model.field" some section reads."""
    return {field for covers in _COVERS.values() for field in (covers() if callable(covers) else covers)}


def collect(user) -> dict:
    """Everything the sections know about ``user``, with when it was put together."""
    return {"created_at": timezone.now(), **{name: read(user) for name, read in _SECTIONS.items()}}


def choice(instance, field: str) -> dict:
    """A stored code and its label in the reader's language ({"code": "passed", "label": "bestanden"})."""
    return {"code": getattr(instance, field), "label": str(getattr(instance, f"get_{field}_display")())}


# django-simple-history's record types, as the download names them.
HISTORY_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}

# "you" alone would be ambiguous in the catalogue (Sie, Ihnen …): said of who made a change.
_DONE_BY = {
    "you": pgettext_lazy("made by", "you"),
    "someone_else": pgettext_lazy("made by", "someone else"),
    "the_portal": _("the portal"),
}


def done_by(user, user_id: int | None) -> dict:
    """Whether a change on record was the reader's own, another person's (never whose: that is
    theirs), or nobody's (the portal's tasks; an account deleted since is nobody's either)."""
    code = "the_portal" if user_id is None else "you" if user_id == user.pk else "someone_else"
    return {"code": code, "label": str(_DONE_BY[code])}


@section(
    "account",
    covers=("portal.FeedToken.user", "account.EmailAddress.user", "socialaccount.SocialAccount.user"),
)
def account(user) -> dict:
    from portal.roles import role_label

    return {
        "email": user.email,
        "full_name": user.full_name,
        "department": user.department.display_name if user.department else None,
        "preferred_language": user.preferred_language or None,
        # Following the browser: the language last used, for mails (None: the portal's own).
        "last_used_language": user.last_used_language or None,
        "mention_digest": user.mention_digest,
        "roles": sorted(str(role_label(group.name)) for group in user.groups.all()),
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.all()
        ],
        # Secret addresses of one's own feeds: that they exist, not the keys.
        "feed_addresses": [
            {"purpose": token.purpose, "created_at": token.created_at} for token in user.feed_tokens.all()
        ],
        # Single sign-on: the identity provider's account and what it told us about the person.
        "single_sign_on": [
            {
                "provider": account.provider,
                "uid": account.uid,
                "date_joined": account.date_joined,
                "last_login": account.last_login,
                "data": account.extra_data,
            }
            for account in user.socialaccount_set.all()
        ],
    }


def _historical_models() -> list:
    """django-simple-history's models, whichever app adds one."""
    from django.apps import apps

    return [model for model in apps.get_models() if hasattr(model, "instance_type")]


@section(
    "changes_recorded_with_your_name",
    covers=lambda: [f"{model._meta.label}.history_user" for model in _historical_models()],
)
def recorded_changes(user) -> list[dict]:
    """How many changes the history (django-simple-history: guidelines, taboo topics, sources,
    trainings …) keeps with their name, per kind of record and action, and when: the changes
    themselves are the records' history, in the admin for whoever may see the record. One query."""
    from django.db.models import CharField, Count, Max, Min, Value

    historical = _historical_models()
    names = {model._meta.label: str(model.instance_type._meta.verbose_name_plural) for model in historical}
    parts = [
        model.objects.filter(history_user=user)
        .order_by()
        .values("history_type")
        .annotate(
            kind=Value(model._meta.label, output_field=CharField()),
            count=Count("pk"),
            first=Min("history_date"),
            last=Max("history_date"),
        )
        .values_list("kind", "history_type", "count", "first", "last")
        for model in historical
    ]
    if not parts:
        return []
    rows = sorted(parts[0].union(*parts[1:], all=True), key=lambda row: (names[row[0]], row[1]))
    return [
        {"records": names[kind], "action": HISTORY_ACTIONS.get(action, action),
         "count": count, "first": first, "last": last}
        for kind, action, count, first, last in rows
    ]  # fmt: skip


@section("admin_actions_recorded_with_your_name", covers=("admin.LogEntry.user",))
def admin_actions(user) -> list[dict]:
    """How many additions, changes and deletions the admin's log keeps with their name, per kind
    of record, and when. Counts only: the log's entries name the records (a colleague's account,
    an asker's question), which are not theirs. One query."""
    from django.apps import apps
    from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
    from django.db.models import Count, Max, Min

    rows = (
        LogEntry.objects.filter(user=user)
        .order_by()
        .values_list("content_type__app_label", "content_type__model", "action_flag")
        .annotate(count=Count("pk"), first=Min("action_time"), last=Max("action_time"))
    )

    def records(app_label: str | None, model_name: str | None) -> str | None:
        # The model's name from the code, not from the database: no query per kind of record.
        if app_label is None:  # its content type was deleted
            return None
        try:
            return str(apps.get_model(app_label, model_name)._meta.verbose_name_plural)
        except LookupError:  # a model removed since
            return f"{app_label}.{model_name}"

    actions = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}
    entries = [
        {"records": records(app_label, model_name), "action": actions.get(flag, flag), "count": count,
         "first": first, "last": last}
        for app_label, model_name, flag, count, first, last in rows
    ]  # fmt: skip
    return sorted(entries, key=lambda entry: (entry["records"] or "", str(entry["action"])))
