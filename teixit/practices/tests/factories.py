import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from teixit.accounts.tests.factories import UserFactory
from teixit.practices.models import Practice
from teixit.vocabulary.models import Concept, ConceptScheme


class SchemeFactory(DjangoModelFactory):
    code = "themes"
    label_ca = factory.LazyAttribute(lambda o: o.code)

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ThemeFactory(DjangoModelFactory):
    scheme = factory.SubFactory(SchemeFactory, code="themes")
    code = factory.Sequence(lambda n: f"tema-{n}")
    label_ca = factory.Sequence(lambda n: f"Tema {n}")
    label_es = factory.Sequence(lambda n: f"Tema {n}")
    label_en = factory.Sequence(lambda n: f"Theme {n}")

    class Meta:
        model = Concept
        django_get_or_create = ["scheme", "code"]


class MaterialTypeFactory(ThemeFactory):
    scheme = factory.SubFactory(SchemeFactory, code="material-types")
    code = "guia"
    label_ca = "Guia"
    label_es = "Guía"
    label_en = "Guide"


class PracticeFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Pràctica {n}")
    summary = "Un mercat social municipal amb entitats de l'economia social."
    outcome = Practice.Outcome.SUCCESS
    author = factory.SubFactory(UserFactory)
    language = "ca"

    class Meta:
        model = Practice


class PublishedPracticeFactory(PracticeFactory):
    status = Practice.Status.PUBLISHED
    visibility = Practice.Visibility.PUBLIC
    published_at = factory.LazyFunction(timezone.now)
