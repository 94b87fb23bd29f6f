import pytest

from teixit.territories.tests.factories import (
    ComarcaFactory,
    MunicipalityFactory,
    ProvinceFactory,
)

from .factories import ThemeFactory


@pytest.fixture
def places(db):
    """Two provinces, three comarques, four municipalities."""
    barcelona = ProvinceFactory(code="08", name="Barcelona")
    girona = ProvinceFactory(code="17", name="Girona")
    osona = ComarcaFactory(code="24", name="Osona", province=barcelona)
    valles = ComarcaFactory(code="40", name="Vallès Occidental", province=barcelona)
    girones = ComarcaFactory(code="20", name="Gironès", province=girona)
    return {
        "barcelona": barcelona,
        "girona_province": girona,
        "osona": osona,
        "valles": valles,
        "girones": girones,
        "vic": MunicipalityFactory(code="082981", name="Vic", comarca=osona),
        "sabadell": MunicipalityFactory(code="081872", name="Sabadell", comarca=valles),
        "terrassa": MunicipalityFactory(code="082798", name="Terrassa", comarca=valles),
        "girona": MunicipalityFactory(code="170792", name="Girona", comarca=girones),
    }


@pytest.fixture
def themes(db):
    return {
        "market": ThemeFactory(code="mercat-social", label_ca="Mercat social", label_en="Social market"),
        "jobs": ThemeFactory(code="ocupacio", label_ca="Ocupació", label_en="Employment"),
        "housing": ThemeFactory(code="habitatge-cooperatiu", label_ca="Habitatge cooperatiu", label_en="Cooperative housing"),
    }  # fmt: skip
