from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.forms import RequestReauthenticationCodeForm
        from django.apps import apps
        from django.db.backends.signals import connection_created
        from django.db.models.signals import pre_delete

        from portal import checks, signals  # noqa: F401
        from portal.lib.history import remember_links
        from portal.lib.sqlite import fold_like_everywhere

        connection_created.connect(fold_like_everywhere, dispatch_uid="portal_fold_like")

        # Per model, not for every sender: a receiver for all would cost every cascade deletion
        # Django's fast path (mention retention deletes in batches).
        for model in apps.get_models():
            if getattr(model, "kept_links", None):
                pre_delete.connect(
                    remember_links, sender=model, dispatch_uid=f"remember_links_{model._meta.label}"
                )

        # allauth leaves this field without a label, so Django shows its name, "Recipient", untranslated.
        RequestReauthenticationCodeForm.base_fields["recipient"].label = _("Send the code to")
