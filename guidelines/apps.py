from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    verbose_name = _("Guidelines")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from guidelines import (
            personal_data,  # noqa: F401 - registers its part of a person's download
            signals,  # noqa: F401 - connects the receivers
        )
