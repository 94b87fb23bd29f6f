import pytest

from teixit.territories.tests.factories import MunicipalityFactory

from .factories import concept


@pytest.fixture
def vocabulary(db):
    return {
        "coop": concept("legal-forms", "cooperative", label_ca="Cooperativa", label_en="Cooperative",
                        essglobal_uri="https://w3id.solidarityeconomy.coop/essglobal/V2a/standard/organisational-structure/OS115"),
        "assoc": concept("legal-forms", "association", label_ca="Associació", label_en="Association"),
        "food": concept("sectors", "food", label_ca="Alimentació", label_en="Food"),
        "housing": concept("sectors", "housing", label_ca="Habitatge", label_en="Housing"),
        "democracy": concept("sse-principles", "democracy", label_ca="Democràcia", label_en="Democracy"),
        "equity": concept("sse-principles", "equity", label_ca="Equitat", label_en="Equity"),
    }  # fmt: skip


@pytest.fixture
def places(db):
    return {
        "bcn": MunicipalityFactory(
            code="080193",
            ine_code="08019",
            name="Barcelona",
            latitude=41.39,
            longitude=2.17,
        ),
        "lh": MunicipalityFactory(
            code="081017",
            ine_code="08101",
            name="l'Hospitalet de Llobregat",
            latitude=41.36,
            longitude=2.1,
        ),
        "torello": MunicipalityFactory(
            code="082852",
            ine_code="08285",
            name="Torelló",
            latitude=42.05,
            longitude=2.26,
        ),
    }


@pytest.fixture
def catalonia(db):
    """The 947 real municipalities (names, codes and centroids from the reference
    data shipped in teixit/territories/data/), without boundaries."""
    from teixit.territories.models import Comarca, Municipality
    from teixit.territories.reference import reference_read

    comarques = {}
    municipalities = []
    for f in reference_read().features:
        if f.comarca_code not in comarques:
            comarques[f.comarca_code] = Comarca.objects.get_or_create(
                code=f.comarca_code, defaults={"name": f.comarca_name}
            )[0]
        municipalities.append(
            Municipality(
                code=f.code, ine_code=f.code[:5], name=f.name, comarca=comarques[f.comarca_code],
                longitude=f.longitude, latitude=f.latitude,
            )
        )  # fmt: skip
    Municipality.objects.bulk_create(municipalities)
    return {m.code: m for m in Municipality.objects.all()}


@pytest.fixture(autouse=True)
def _english():
    """Messages asserted in English; pages still choose their language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield
