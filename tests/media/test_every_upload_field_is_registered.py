"""Every file field of the product has a rule in core.media.UPLOADS, under the folder
its upload_to writes to: a new upload field without one fails here (its files would be 404
for everyone, or worse, served by something else)."""

from django.apps import apps
from django.db import models

from core.media import UPLOADS, upload_for


class Probe:
    year = 2026
    digest = "0" * 64


def upload_folder(field) -> str:
    target = field.upload_to
    if callable(target):
        return target(Probe(), "x.pdf")
    return field.generate_filename(None, "x.pdf") if "%" in target else target + "x.pdf"


def file_fields():
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):  # simple-history's copies serve nothing
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def test_every_file_field_is_registered_under_the_folder_it_writes_to():
    fields = list(file_fields())
    assert len(fields) == len(UPLOADS)
    for model, field in fields:
        upload = upload_for(upload_folder(field))
        label = f"{model._meta.label}.{field.name}"
        assert upload is not None, f"{label}: 用 core.media.upload_register 登记"
        assert (upload.model, upload.field) == (model, field.name)
