import factory
from factory.django import DjangoModelFactory

from teixit.municipal_services.models import SERVICE_SCHEME, MunicipalService
from teixit.network.tests.factories import MemberFactory
from teixit.vocabulary.models import Concept, ConceptScheme


class ServiceSchemeFactory(DjangoModelFactory):
    code = SERVICE_SCHEME
    label_ca = "Serveis municipals"

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ServiceTypeFactory(DjangoModelFactory):
    scheme = factory.SubFactory(ServiceSchemeFactory)
    code = factory.Sequence(lambda n: f"service-{n}")
    label_ca = factory.Sequence(lambda n: f"Servei {n}")

    class Meta:
        model = Concept
        django_get_or_create = ["scheme", "code"]


class MunicipalServiceFactory(DjangoModelFactory):
    member = factory.SubFactory(MemberFactory)
    service_type = factory.SubFactory(ServiceTypeFactory)
    modality = MunicipalService.Modality.DIRECT
    budget = 10000
    staff_fte = 1

    class Meta:
        model = MunicipalService
