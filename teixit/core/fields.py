"""Model fields shared by every app."""

from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose forms read an address typed without a scheme as https.

    ``example.org`` becomes ``https://example.org``: Django 6's default, which
    Django 5.2 only gives when each form field passes ``assume_scheme`` (leaving
    it out emits ``RemovedInDjango60Warning``). Migrations see a plain
    ``models.URLField``, so switching a field to this class needs none.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
