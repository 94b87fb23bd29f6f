import factory
from factory.django import DjangoModelFactory

from teixit.vocabulary.models import Concept, ConceptScheme


class ConceptSchemeFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"scheme-{n}")
    label_ca = factory.Sequence(lambda n: f"Esquema {n}")
    label_es = factory.Sequence(lambda n: f"Esquema {n}")
    label_en = factory.Sequence(lambda n: f"Scheme {n}")

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ConceptFactory(DjangoModelFactory):
    scheme = factory.SubFactory(ConceptSchemeFactory)
    code = factory.Sequence(lambda n: f"concept-{n}")
    label_ca = factory.Sequence(lambda n: f"Concepte {n}")
    label_es = factory.Sequence(lambda n: f"Concepto {n}")
    label_en = factory.Sequence(lambda n: f"Concept {n}")

    class Meta:
        model = Concept
