import factory
from factory.django import DjangoModelFactory

from teixit.entities.models import Entity
from teixit.territories.tests.factories import MunicipalityFactory
from teixit.vocabulary.models import Concept, ConceptScheme


class ConceptSchemeFactory(DjangoModelFactory):
    code = "sectors"
    label_en = factory.LazyAttribute(lambda o: o.code)

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ConceptFactory(DjangoModelFactory):
    scheme = factory.SubFactory(ConceptSchemeFactory)
    code = factory.Sequence(lambda n: f"c{n}")
    label_ca = factory.LazyAttribute(lambda o: f"Concepte {o.code}")
    label_en = factory.LazyAttribute(lambda o: f"Concept {o.code}")

    class Meta:
        model = Concept
        django_get_or_create = ["scheme", "code"]


def concept(scheme: str, code: str, **kwargs) -> Concept:
    return ConceptFactory(scheme=ConceptSchemeFactory(code=scheme), code=code, **kwargs)


class EntityFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cooperativa {n}")
    name_key = factory.LazyAttribute(
        lambda o: __import__("teixit.entities.names", fromlist=["x"]).normalise_name(
            o.name
        )
    )
    municipality = factory.SubFactory(MunicipalityFactory)
    status = Entity.Status.PUBLISHED

    class Meta:
        model = Entity
