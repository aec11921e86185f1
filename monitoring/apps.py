from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Mentions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from monitoring import (
            personal_data,  # noqa: F401 - registers its part of a person's download
            signals,  # noqa: F401 - connects the receivers
        )
