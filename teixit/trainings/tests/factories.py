from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from teixit.network.tests.factories import MemberFactory
from teixit.trainings.models import Registration, Training, TrainingSession
from teixit.vocabulary.models import Concept, ConceptScheme


class ConceptSchemeFactory(DjangoModelFactory):
    code = "themes"
    label_ca = "Temes"

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ThemeFactory(DjangoModelFactory):
    scheme = factory.SubFactory(ConceptSchemeFactory)
    code = factory.Sequence(lambda n: f"theme-{n}")
    label_ca = factory.Sequence(lambda n: f"Tema {n}")
    label_es = factory.Sequence(lambda n: f"Tema {n}")

    class Meta:
        model = Concept
        django_get_or_create = ["scheme", "code"]


class TrainingFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Formació {n}")
    description = "Una formació sobre economia social."
    member = factory.SubFactory(MemberFactory)
    place = "Sala d'actes"
    seats = 10
    status = Training.Status.PUBLISHED

    class Meta:
        model = Training
        skip_postgeneration_save = True

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        if not create:
            return
        days = extracted if extracted is not None else [7]
        for day in days:
            start = timezone.now() + timedelta(days=day)
            TrainingSession.objects.create(
                training=obj, starts_at=start, ends_at=start + timedelta(hours=2)
            )


class RegistrationFactory(DjangoModelFactory):
    training = factory.SubFactory(TrainingFactory)
    user = factory.SubFactory("teixit.accounts.tests.factories.UserFactory")
    status = Registration.Status.REGISTERED

    class Meta:
        model = Registration
