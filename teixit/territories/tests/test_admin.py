"""The territories' admin, and the list filters on a province, comarca or
municipality anywhere in the admin: their choices without their outlines."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teixit.network.tests.factories import MemberFactory, TechnicianFactory
from teixit.territories.tests.factories import ComarcaFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

OUTLINE = {"type": "Polygon", "coordinates": [[[2, 41], [2.1, 41], [2, 41.1], [2, 41]]]}


@pytest.mark.parametrize(
    ("address", "filter_parameter"),
    [
        ("/admin/territories/municipality/", "comarca__id__exact"),
        ("/admin/territories/comarca/", "province__id__exact"),
        ("/admin/network/member/", "comarca__id__exact"),
        ("/admin/network/technician/", "member__comarca__id__exact"),
    ],
)
def test_a_filter_on_a_territory_lists_its_names_without_reading_outlines(
    client_for, superuser, address, filter_parameter
):
    comarca = ComarcaFactory(name="Garrotxa", boundary=OUTLINE)
    comarca.province.boundary = OUTLINE
    comarca.province.save()
    municipality = MunicipalityFactory(comarca=comarca, boundary=OUTLINE)
    member = MemberFactory(municipality=municipality, comarca=comarca)
    TechnicianFactory(member=member)
    client = client_for(superuser)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    # the filter's choices: each a link with the territory's key and name
    chosen = comarca.province if "province" in filter_parameter else comarca
    assert f"{filter_parameter}={chosen.pk}" in page
    assert f">{chosen.name}</a>" in page
    assert "boundary" not in " ".join(q["sql"] for q in queries.captured_queries)
    # and the filter still filters
    other = MunicipalityFactory(name="Fora de la Garrotxa")
    if address.endswith("municipality/"):
        response = client.get(f"{address}?{filter_parameter}={comarca.pk}")
        names = {row.name for row in response.context["cl"].result_list}
        assert municipality.name in names and other.name not in names
