from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from teixit.events.models import Agreement, Event, Invitation, Registration
from teixit.vocabulary.models import Concept, ConceptScheme


class ThemeSchemeFactory(DjangoModelFactory):
    code = "themes"
    label_ca = "Temes"

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ThemeFactory(DjangoModelFactory):
    scheme = factory.SubFactory(ThemeSchemeFactory)
    code = factory.Sequence(lambda n: f"event-theme-{n}")
    label_ca = factory.Sequence(lambda n: f"Tema {n}")

    class Meta:
        model = Concept
        django_get_or_create = ["scheme", "code"]


class EventFactory(DjangoModelFactory):
    kind = Event.Kind.NETWORK_MEETING
    title = factory.Sequence(lambda n: f"Trobada de la xarxa {n}")
    description = "Trobada de tots els membres."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    address = "Sala d'actes"
    capacity = 10
    audience = Event.Audience.MEMBERS_INSTITUTIONS
    status = Event.Status.PUBLISHED

    class Meta:
        model = Event
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class RegistrationFactory(DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("teixit.accounts.tests.factories.UserFactory")
    name = factory.LazyAttribute(lambda o: o.user.name or o.user.email)
    consent = True
    status = Registration.Status.REGISTERED

    class Meta:
        model = Registration


class InvitationFactory(DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Institució {n}")
    email = factory.Sequence(lambda n: f"inst{n}@example.org")

    class Meta:
        model = Invitation


class AgreementFactory(DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Acord {n}")

    class Meta:
        model = Agreement
