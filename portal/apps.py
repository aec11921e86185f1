from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.forms import RequestReauthenticationCodeForm

        from portal import checks, signals  # noqa: F401

        # allauth leaves this field without a label, so Django shows its name, "Recipient", untranslated.
        RequestReauthenticationCodeForm.base_fields["recipient"].label = _("Send the code to")
