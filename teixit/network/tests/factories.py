import factory
from factory.django import DjangoModelFactory

from teixit.network.models import (
    Body,
    BodyMembership,
    Institution,
    Member,
    Network,
    Technician,
)
from teixit.territories.tests.factories import MunicipalityFactory


class NetworkFactory(DjangoModelFactory):
    name = "Xarxa de proves"
    short_name = "XP"

    class Meta:
        model = Network


class MemberFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ajuntament {n}")
    slug = factory.Sequence(lambda n: f"ajuntament-{n}")
    kind = Member.Kind.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    comarca = factory.SelfAttribute("municipality.comarca")
    official_code = factory.SelfAttribute("municipality.code")

    class Meta:
        model = Member


class BodyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Comissió {n}")
    slug = factory.Sequence(lambda n: f"comissio-{n}")
    kind = Body.Kind.OTHER

    class Meta:
        model = Body
        django_get_or_create = ["slug"]


class BodyMembershipFactory(DjangoModelFactory):
    body = factory.SubFactory(BodyFactory)
    user = factory.SubFactory("teixit.accounts.tests.factories.UserFactory")

    class Meta:
        model = BodyMembership


class TechnicianFactory(DjangoModelFactory):
    member = factory.SubFactory(MemberFactory)
    user = factory.SubFactory("teixit.accounts.tests.factories.UserFactory")

    class Meta:
        model = Technician


class InstitutionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Institució {n}")

    class Meta:
        model = Institution
