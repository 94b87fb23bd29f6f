"""Every model's `get_absolute_url` writes its address from the kept shape of
its pattern (`template_engine.reverse_keyed`: whole numbers and plain texts
such as slugs and codes): the same address as `reverse()`, in every language,
for every object of the permission matrix's world."""

import pytest
from django.apps import apps
from django.utils import translation

from teixit.core import template_engine

from .permission_world import build_world

pytestmark = pytest.mark.django_db


def test_every_models_address_is_djangos(monkeypatch):
    build_world()
    objects = []
    for model in apps.get_models():
        if not model.__module__.startswith("teixit.") or not hasattr(
            model, "get_absolute_url"
        ):
            continue
        objects.extend(model.objects.order_by("pk")[:3])
    assert len({type(obj) for obj in objects}) > 20
    for language in ("ca", "es", "en"):
        with translation.override(language):
            ours = [obj.get_absolute_url() for obj in objects]
            again = [obj.get_absolute_url() for obj in objects]
            with monkeypatch.context() as djangos:
                djangos.setattr(template_engine, "_kept_address", lambda *a: None)
                theirs = [obj.get_absolute_url() for obj in objects]
        assert ours == again == theirs, language
    # slugs and codes among them, from kept shapes
    assert any(
        "s" in key[3] and shape for key, shape in template_engine._SHAPES.items()
    )
