import factory
from factory.django import DjangoModelFactory

from teixit.territories.models import Comarca, Municipality, Population, Province


class ProvinceFactory(DjangoModelFactory):
    code = "08"
    name = "Barcelona"

    class Meta:
        model = Province
        django_get_or_create = ["code"]


class ComarcaFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"{(n % 90) + 10:02d}")
    name = factory.Sequence(lambda n: f"Comarca {n}")
    province = factory.SubFactory(ProvinceFactory)

    class Meta:
        model = Comarca
        django_get_or_create = ["code"]


class MunicipalityFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"9{n:05d}")
    ine_code = factory.LazyAttribute(lambda o: o.code[:5])
    name = factory.Sequence(lambda n: f"Municipi {n}")
    comarca = factory.SubFactory(ComarcaFactory)
    province = factory.SelfAttribute("comarca.province")
    latitude = 41.5
    longitude = 2.0

    class Meta:
        model = Municipality


class PopulationFactory(DjangoModelFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2020
    total = 10000

    class Meta:
        model = Population
