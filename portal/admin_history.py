from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from portal.admin_conflicts import EditConflictAdmin


class _ContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        # simple-history shows an empty foreign key as "Deleted <model> (pk=None)": it was
        # empty, nothing was deleted.
        if isinstance(value, DeletedObject) and value.pk is None:
            return "–"
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")  # not Python's True/False
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(EditConflictAdmin, SimpleHistoryAdmin):
    """django-simple-history's admin with the portal's history pages: translated,
    and without the "change reason" column nobody fills in; saves never overwrite unseen changes."""

    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return _ContextHelper(self.model, historical_record)
