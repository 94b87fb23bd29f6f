import factory
from factory.django import DjangoModelFactory

from teixit.needs.models import Need, SupplierMark
from teixit.vocabulary.models import Concept, ConceptScheme


def concept(scheme: str, code: str, label: str | None = None) -> Concept:
    scheme_obj, _ = ConceptScheme.objects.get_or_create(
        code=scheme, defaults={"label_ca": scheme}
    )
    obj, _ = Concept.objects.get_or_create(
        scheme=scheme_obj, code=code, defaults={"label_ca": label or code.title()}
    )
    return obj


class NeedFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Necessitat {n}")
    description = "Cal un servei que l'ESS encara no ofereix."
    status = Need.Status.CONFIRMED

    class Meta:
        model = Need
        skip_postgeneration_save = True

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def municipalities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.municipalities.set(extracted)

    @factory.post_generation
    def comarques(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.comarques.set(extracted)


class SupplierMarkFactory(DjangoModelFactory):
    need = factory.SubFactory(NeedFactory)
    entity = factory.SubFactory("teixit.entities.tests.factories.EntityFactory")
    state = SupplierMark.State.CONTACTED

    class Meta:
        model = SupplierMark
