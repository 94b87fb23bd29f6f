import factory
from factory.django import DjangoModelFactory

from teixit.directory.models import DirectoryEntry


class DirectoryEntryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Xarxa {n}")
    slug = factory.Sequence(lambda n: f"xarxa-{n}")
    kind = DirectoryEntry.Kind.NETWORK
    status = DirectoryEntry.Status.PUBLISHED

    class Meta:
        model = DirectoryEntry
