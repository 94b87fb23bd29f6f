"""Factories for the map's tests: concepts of the shared schemes and entities.

Kept in the maps app so its tests do not depend on another app's test code."""

import factory
from factory.django import DjangoModelFactory

from teixit.entities.models import Entity
from teixit.territories.tests.factories import MunicipalityFactory
from teixit.vocabulary.models import Concept, ConceptScheme


class ConceptSchemeFactory(DjangoModelFactory):
    code = "sectors"
    label_ca = factory.LazyAttribute(lambda o: o.code)

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ConceptFactory(DjangoModelFactory):
    scheme = factory.SubFactory(ConceptSchemeFactory)
    code = factory.Sequence(lambda n: f"concept-{n}")
    label_ca = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())
    label_en = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())

    class Meta:
        model = Concept


def sector(code: str, label: str = "") -> Concept:
    return ConceptFactory(
        scheme=ConceptSchemeFactory(code="sectors"),
        code=code,
        label_ca=label or code,
        label_en=label or code,
    )


def legal_form(code: str, label: str = "") -> Concept:
    return ConceptFactory(
        scheme=ConceptSchemeFactory(code="legal-forms"),
        code=code,
        label_ca=label or code,
        label_en=label or code,
    )


def criterion(code: str, label: str = "") -> Concept:
    return ConceptFactory(
        scheme=ConceptSchemeFactory(code="sse-principles"),
        code=code,
        label_ca=label or code,
        label_en=label or code,
    )


class EntityFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cooperativa {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    status = Entity.Status.PUBLISHED
    latitude = 41.5
    longitude = 2.0
    location_approximate = False

    class Meta:
        model = Entity
        skip_postgeneration_save = True

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create and extracted:
            self.criteria.set(extracted)
