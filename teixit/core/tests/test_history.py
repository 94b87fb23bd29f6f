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
