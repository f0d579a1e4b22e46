"""A record's history in the admin (simple-history), read as the audit trail reads it:
each change by the field's label, a choice by its label, a time in Beijing time."""

from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from audit.services import value_text


class ReadableChanges(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, list):  # many-to-many: the related rows
            return [value_text(None, row) for row in value]
        return value_text(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with its changes shown by `ReadableChanges`."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)
