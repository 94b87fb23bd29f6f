"""The space of the wiki and of the debates is one abstract model
(`core.models.ReadingSpace`, issue 18): the same fields, the same "a body
space has a body" rule in `clean` and in the database, its own choices of
visibility (the wiki is never public)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from teixit.core.models import ReadingSpace
from teixit.debates.models import Space
from teixit.debates.tests.factories import SpaceFactory
from teixit.wiki.models import WikiSpace
from teixit.wiki.tests.factories import WikiSpaceFactory

pytestmark = pytest.mark.django_db

BOTH = [(Space, SpaceFactory), (WikiSpace, WikiSpaceFactory)]


@pytest.mark.parametrize(("model", "factory"), BOTH)
def test_space_models_share_the_reading_space(model, factory):
    assert issubclass(model, ReadingSpace)
    names = {f.name for f in model._meta.get_fields()}
    assert {"name", "slug", "description", "kind", "visibility", "body"} <= names


@pytest.mark.parametrize(("model", "factory"), BOTH)
def test_body_space_without_body_is_refused_by_clean(model, factory):
    space = factory.build(visibility=model.Visibility.BODY, body=None)
    with pytest.raises(ValidationError) as caught:
        space.clean()
    assert list(caught.value.error_dict) == ["body"]


@pytest.mark.parametrize(("model", "factory"), BOTH)
def test_body_space_without_body_is_refused_by_the_database(model, factory):
    space = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=space.pk).update(visibility="body", body=None)


@pytest.mark.parametrize(("model", "factory"), BOTH)
def test_body_space_with_a_body_is_accepted(model, factory, technical_commission):
    space = factory(visibility=model.Visibility.BODY, body=technical_commission)
    space.full_clean()
    assert technical_commission in [s.body for s in model.objects.all()]


def test_only_debate_spaces_may_be_public():
    assert "public" in Space.Visibility.values
    assert "public" not in WikiSpace.Visibility.values
    assert [c for c, _ in WikiSpace._meta.get_field("visibility").choices] == [
        "members",
        "body",
    ]
