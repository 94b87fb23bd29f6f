import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from teixit.accounts.tests.factories import UserFactory
from teixit.debates.models import Debate, Reply, Space


class SpaceFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Espai {n}")
    slug = factory.Sequence(lambda n: f"espai-{n}")
    kind = Space.Kind.NETWORK
    visibility = Space.Visibility.PUBLIC

    class Meta:
        model = Space


class DebateFactory(DjangoModelFactory):
    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Debat {n}")
    body = "Què en penseu?"
    author = factory.SubFactory(UserFactory)
    last_activity_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Debate


class ReplyFactory(DjangoModelFactory):
    debate = factory.SubFactory(DebateFactory)
    author = factory.SubFactory(UserFactory)
    body = "D'acord."

    class Meta:
        model = Reply


def old_account(user, days: int = 365):
    """Make `user` an established account (the stricter limit is for new ones)."""
    user.date_joined = timezone.now() - dt.timedelta(days=days)
    user.save(update_fields=["date_joined"])
    return user
