import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from teixit.experts.models import ExpertConsent, ExpertProfile


class ExpertProfileFactory(DjangoModelFactory):
    user = factory.SubFactory("teixit.accounts.tests.factories.UserFactory")
    headline = "Experta en cooperativisme"
    bio = "Anys d'experiència."
    languages = factory.LazyFunction(lambda: ["ca", "es"])
    takes_consultations = True
    contact_email = factory.Sequence(lambda n: f"contacte{n}@example.org")
    listed = True

    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):
        if create and obj.listed:
            ExpertConsent.objects.create(
                profile=obj, text="Accepto", given_at=timezone.now()
            )
