import datetime

import factory
from factory.django import DjangoModelFactory

from teixit.recognitions.models import EntityLabel, Recognition


class RecognitionFactory(DjangoModelFactory):
    kind = Recognition.Kind.GRANT
    code = factory.Sequence(lambda n: f"reconeixement-{n}")
    name = factory.Sequence(lambda n: f"Reconeixement {n}")
    granted_by = "Generalitat de Catalunya"
    deadline = factory.LazyFunction(
        lambda: datetime.date.today() + datetime.timedelta(days=30)
    )
    published = True

    class Meta:
        model = Recognition


class EntityLabelFactory(DjangoModelFactory):
    recognition = factory.SubFactory(RecognitionFactory, kind=Recognition.Kind.LABEL)
    entity = factory.SubFactory("teixit.entities.tests.factories.EntityFactory")
    year = 2025

    class Meta:
        model = EntityLabel
