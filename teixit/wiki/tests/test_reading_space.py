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


@pytest.mark.parametrize(
    ("visibility", "readers"),
    [
        ("members", {"secretariat", "body_member", "technician", "the_body"}),
        ("body", {"secretariat", "the_body"}),
        ("public", {"anonymous", "registered", "secretariat", "body_member",
                    "technician", "the_body"}),
    ],
)  # fmt: skip
def test_both_apps_read_a_space_by_one_rule(
    visibility,
    readers,
    secretariat_user,
    body_member_user,
    technician_user,
    registered_user,
):
    """Who reads a space is `network.roles.may_read_space`, for the debates
    and the wiki alike; the wiki has no public space."""
    from django.contrib.auth.models import AnonymousUser

    from teixit.accounts.tests.factories import UserFactory
    from teixit.network.tests.factories import BodyFactory, BodyMembershipFactory

    body = BodyFactory()
    of_the_body = UserFactory()
    BodyMembershipFactory(user=of_the_body, body=body)
    people = {
        "anonymous": AnonymousUser(),
        "registered": registered_user,
        "secretariat": secretariat_user,
        "body_member": body_member_user,
        "technician": technician_user,
        "the_body": of_the_body,
    }
    debates = SpaceFactory(visibility=visibility, body=body)
    wiki = WikiSpaceFactory(body=body)
    WikiSpace.objects.filter(pk=wiki.pk).update(visibility=visibility)
    wiki.refresh_from_db()
    for name, user in people.items():
        expected = name in readers
        assert user.has_perm("debates.view_debate", debates) is expected, name
        # A "public" wiki space (not one of its choices) is read as a body's.
        wiki_readers = (
            {"secretariat", "the_body"} if visibility == "public" else readers
        )
        wiki_reads = name in wiki_readers
        assert user.has_perm("wiki.read_wikispace", wiki) is wiki_reads, name
