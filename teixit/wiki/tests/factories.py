import factory
from factory.django import DjangoModelFactory

from teixit.wiki.models import WikiSpace


class WikiSpaceFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Espai {n}")
    slug = factory.Sequence(lambda n: f"espai-{n}")
    kind = WikiSpace.Kind.NETWORK
    visibility = WikiSpace.Visibility.MEMBERS

    class Meta:
        model = WikiSpace
