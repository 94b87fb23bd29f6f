"""Every URL field of Teixit's models reads an address without a scheme as https,
without Django 5.2's RemovedInDjango60Warning (see teixit/core/fields.py)."""

import warnings

from django.apps import apps
from django.db import models

from teixit.core.fields import HttpsURLField


def _teixit_url_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("teixit."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.URLField):
                yield model, field


def test_every_url_field_of_teixit_models_assumes_https_without_a_warning():
    fields = list(_teixit_url_fields())
    assert len(fields) >= 10
    for model, field in fields:
        assert isinstance(field, HttpsURLField), f"{model.__name__}.{field.name}"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            form_field = field.formfield()
        assert form_field.clean("example.org") == "https://example.org"


def test_https_url_field_needs_no_migration():
    field = HttpsURLField("link", max_length=500, blank=True)
    field.set_attributes_from_name("url")
    name, path, _args, kwargs = field.deconstruct()
    assert (name, path) == ("url", "django.db.models.URLField")
    assert kwargs["max_length"] == 500
