import factory
from factory.django import DjangoModelFactory

from teixit.accounts.models import User


class UserFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="es_ES")
    password = factory.django.Password("password")

    class Meta:
        model = User
        django_get_or_create = ["email"]
