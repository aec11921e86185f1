"""What the portal stores about a person, for them to download (GDPR Art. 15 and 20).

Each app says what it keeps about a person in its own ``personal_data`` module, registered with
``@section``; ``collect`` puts the sections together. Keys are English and values plain (ISO dates,
codes with their label in the reader's language), so the file reads in any JSON viewer and can
be taken elsewhere. Secrets (feed addresses, password hashes) are named, not given.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

_SECTIONS: dict[str, Callable] = {}


def section(name: str):
    """Register ``function(user) -> data`` as the section ``name`` of a person's download."""

    def register(function: Callable) -> Callable:
        _SECTIONS[name] = function
        return function

    return register


def collect(user) -> dict:
    """Everything the sections know about ``user``, with when it was put together."""
    return {"created_at": timezone.now(), **{name: read(user) for name, read in _SECTIONS.items()}}


def choice(instance, field: str) -> dict:
    """A stored code and its label in the reader's language ({"code": "passed", "label": "bestanden"})."""
    return {"code": getattr(instance, field), "label": str(getattr(instance, f"get_{field}_display")())}


@section("account")
def account(user) -> dict:
    from portal.roles import role_label

    return {
        "email": user.email,
        "full_name": user.full_name,
        "department": user.department.display_name if user.department else None,
        "preferred_language": user.preferred_language or None,
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


@section("changes_recorded_with_your_name")
def recorded_changes(user) -> list[dict]:
    """How many changes the history (django-simple-history: guidelines, taboo topics, sources,
    trainings …) keeps with their name, per kind of record and action, and when: the changes
    themselves are the records' history, in the admin for whoever may see the record. One query."""
    from django.apps import apps
    from django.db.models import CharField, Count, Max, Min, Value

    historical = [model for model in apps.get_models() if hasattr(model, "instance_type")]
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
    actions = {"+": "created", "~": "changed", "-": "deleted"}
    rows = sorted(parts[0].union(*parts[1:], all=True), key=lambda row: (names[row[0]], row[1]))
    return [
        {"records": names[kind], "action": actions.get(action, action), "count": count,
         "first": first, "last": last}
        for kind, action, count, first, last in rows
    ]  # fmt: skip
