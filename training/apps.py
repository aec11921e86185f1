from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Trainings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from training import (
            personal_data,  # noqa: F401 - registers its part of a person's download
            signals,  # noqa: F401
        )
