"""Permissions in the admin's user and group forms, in the reader's language.

Django stores a default permission's name in English when it creates it ("Can add taboo topic",
simple-history's "Can view historical taboo topic"), and the forms list that name. Here a
default permission is worded from what it is: its action (the codename's prefix) and its model's
verbose name in the active language ("Erwähnungen | Tabuthema: hinzufügen"). Other permissions
keep their name, translated where it is one of our msgids.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

_ACTIONS = {
    "add": gettext_lazy("%(model)s: add"),
    "change": gettext_lazy("%(model)s: change"),
    "delete": gettext_lazy("%(model)s: delete"),
    "view": gettext_lazy("%(model)s: view"),
}


def permission_label(permission: Permission) -> str:
    """``permission`` as the forms list it: "<app> | <model>: <action>", in the active language."""
    content_type = permission.content_type  # the forms' querysets join it
    model = content_type.model_class()
    if model is None:  # its model is gone (an app removed): only its stored words are left
        return f"{content_type} | {gettext(permission.name)}"
    tracked = getattr(model, "instance_type", None)  # simple-history's record of a model
    if tracked is not None:
        # Its own verbose name is "historical " + the tracked one's, frozen in the language of
        # the moment the model was created.
        subject = gettext("%(model)s (history)") % {"model": capfirst(tracked._meta.verbose_name)}
    else:
        subject = capfirst(model._meta.verbose_name)
    app = capfirst(model._meta.app_config.verbose_name)
    action = _default_action(permission.codename, model)
    if action in _ACTIONS:
        return f"{app} | {_ACTIONS[action] % {'model': subject}}"
    return f"{app} | {subject}: {gettext(permission.name)}"


def _default_action(codename: str, model) -> str | None:
    """The action of one of Django's default permissions of ``model`` ("add_user" → "add")."""
    for action in model._meta.default_permissions:
        if codename == f"{action}_{model._meta.model_name}":
            return action
    return None
