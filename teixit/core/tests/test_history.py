"""Item 8: every domain model keeps a change history (django-simple-history)
that the admin shows."""

import pytest
from django.apps import apps
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges, registered_models

# Models that are not domain records: secrets, caches and indexes rebuilt from
# other data, and join rows whose history lives on their owner.
NOT_DOMAIN = {
    "accounts.apitoken",
}


def _domain_models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if not model.__module__.startswith("teixit."):
            continue
        if issubclass(model, HistoricalChanges):
            continue
        if model._meta.auto_created or label in NOT_DOMAIN:
            continue
        yield model


@pytest.mark.parametrize("app_label", ["core", "accounts", "network"])
def test_models_of_the_foundation_keep_history(app_label):
    history_models = {m._meta.label_lower for m in registered_models.values()}
    for model in _domain_models():
        if model._meta.app_label == app_label:
            assert model._meta.label_lower in history_models, model


@pytest.mark.parametrize("app_label", ["accounts", "network"])
def test_admin_of_the_foundation_shows_history(app_label):
    for model, model_admin in admin.site._registry.items():
        if (
            model._meta.app_label == app_label
            and model._meta.label_lower not in NOT_DOMAIN
        ):
            assert isinstance(model_admin, SimpleHistoryAdmin), model


@pytest.mark.django_db
def test_history_manager_of_an_instance_and_of_the_model():
    """`Model.history` (its manager class built once, teixit/core/history.py):
    an instance's history holds its records only, the model's every record,
    and a save adds one."""
    from teixit.accounts.tests.factories import UserFactory

    first, second = UserFactory(), UserFactory()
    first.name = "Changed"
    first.save()
    assert type(first.history) is type(second.history)
    assert type(first.history) is type(type(first).history)
    assert first.history.count() == 2
    assert second.history.count() == 1
    assert {h.id for h in type(first).history.all()} >= {first.pk, second.pk}
    assert first.history.first().name == "Changed"
    assert first.history.model is type(first).history.model
