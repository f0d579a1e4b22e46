"""Every free-text field people type into has a length limit that the model's own
full_clean checks, so the admin, imports and services refuse what the forms refuse
(Django's TextField(max_length=...) alone only sets the form's maxlength)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from core.fields import LimitedTextField

OUR_APPS = {
    "accounts", "regions", "members", "workrooms", "receptions", "cases", "scoring",
    "reports", "notices", "audit", "privacy", "exchange",
}
# Written by the product itself, never typed by a person, and bounded where written.
WRITTEN_BY_THE_PRODUCT = {
    "members.ImportRun.summary",  # an import's result, at most 200 row numbers
    "reports.ReportFile.error",  # cut to 2,000 characters where recorded
    "notices.Message.body",  # composed from templates and limited fields
    "notices.SmsOutbox.body",
}


def free_text_fields() -> list[models.Field]:
    fields = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue  # simple-history's copies take the limits of their originals
        fields += [
            f for f in meta.concrete_fields
            if isinstance(f, models.TextField)
            and f"{meta.app_label}.{model.__name__}.{f.name}" not in WRITTEN_BY_THE_PRODUCT
        ]
    return fields


def test_every_free_text_field_has_a_limit():
    unlimited = [str(f) for f in free_text_fields() if not isinstance(f, LimitedTextField)]
    assert not unlimited, f"给这些字段设置长度上限（core.fields.LimitedTextField）：{unlimited}"


@pytest.mark.parametrize("field", free_text_fields(), ids=str)
def test_the_model_refuses_one_character_over_the_limit(field):
    field.clean("字" * field.max_length, None)
    with pytest.raises(ValidationError) as refused:
        field.clean("字" * (field.max_length + 1), None)
    assert f"不超过 {field.max_length} 字符" in refused.value.messages[0]
