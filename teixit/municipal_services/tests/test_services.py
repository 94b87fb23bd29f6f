from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from teixit.municipal_services import selectors, services
from teixit.municipal_services.models import MunicipalService
from teixit.network.tests.factories import MemberFactory

from .factories import MunicipalServiceFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db


def test_technician_writes_own_members_services_only(
    technician_user, member, other_member
):
    kind = ServiceTypeFactory()
    own = MunicipalService(member=member, service_type=kind, modality="direct")
    assert services.municipal_service_save(service=own, by=technician_user).pk
    foreign = MunicipalService(
        member=other_member, service_type=kind, modality="direct"
    )
    with pytest.raises(PermissionDenied):
        services.municipal_service_save(service=foreign, by=technician_user)


def test_negative_budget_and_wrong_scheme_are_rejected(secretariat_user, member):
    from teixit.trainings.tests.factories import ThemeFactory

    bad = MunicipalService(
        member=member, service_type=ServiceTypeFactory(), modality="direct", budget=-1
    )
    with pytest.raises(ValidationError) as exc:
        services.municipal_service_save(service=bad, by=secretariat_user)
    assert "budget" in exc.value.message_dict
    wrong = MunicipalService(
        member=member, service_type=ThemeFactory(), modality="direct"
    )
    with pytest.raises(ValidationError) as exc:
        services.municipal_service_save(service=wrong, by=secretariat_user)
    assert "service_type" in exc.value.message_dict


def test_comparison_matrix_cells_and_counts():
    advice, spaces = (
        ServiceTypeFactory(code="advice", label_ca="Assessorament"),
        ServiceTypeFactory(code="spaces"),
    )
    a, b = MemberFactory(name="A"), MemberFactory(name="B")
    MunicipalServiceFactory(member=a, service_type=advice, modality="direct")
    MunicipalServiceFactory(member=a, service_type=advice, modality="contracted")
    MunicipalServiceFactory(member=b, service_type=advice, modality="shared")
    MunicipalServiceFactory(member=b, service_type=spaces, modality="direct")
    matrix = selectors.comparison_matrix()
    types = [t.code for t in matrix["types"]]
    rows = {row["member"].name: row["cells"] for row in matrix["rows"]}
    advice_col = types.index("advice")
    assert [code for code, _ in rows["A"][advice_col]] == ["contracted", "direct"]
    assert rows["A"][types.index("spaces")] == []
    totals = {t["type"].code: t["counts"] for t in matrix["totals"]}
    assert totals["advice"] == [1, 1, 1]  # direct, contracted, shared
    filtered = selectors.comparison_matrix(modality="shared")
    assert [row["member"].name for row in filtered["rows"]] == ["B"]


def test_compare_page_is_public_and_filters(client):
    MunicipalServiceFactory(
        member=MemberFactory(name="Ajuntament de Vic"), modality="shared"
    )
    MunicipalServiceFactory(
        member=MemberFactory(name="Ajuntament de Reus"), modality="direct"
    )
    response = client.get(reverse("municipal_services:compare"), {"modality": "shared"})
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Ajuntament de Vic" in content and "Ajuntament de Reus" not in content
    fragment = client.get(
        reverse("municipal_services:compare"), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "modality-matrix" in fragment and "<h1>" not in fragment


def test_compare_page_query_count_is_constant(client, django_assert_max_num_queries):
    MunicipalServiceFactory.create_batch(2)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("municipal_services:compare"))
    MunicipalServiceFactory.create_batch(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("municipal_services:compare"))


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", HTTPStatus.FOUND),
        ("registered_user", HTTPStatus.FORBIDDEN),
        ("technician_user", HTTPStatus.OK),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_create_page_per_role(request, client_for, role, expected):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    assert (
        client_for(user).get(reverse("municipal_services:create")).status_code
        == expected
    )


def test_edit_page_per_role(
    client_for, technician_user, secretariat_user, member, other_member
):
    own = MunicipalServiceFactory(member=member)
    foreign = MunicipalServiceFactory(member=other_member)
    tech = client_for(technician_user)
    assert (
        tech.get(reverse("municipal_services:update", args=[own.pk])).status_code
        == HTTPStatus.OK
    )
    assert (
        tech.get(reverse("municipal_services:update", args=[foreign.pk])).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client_for(secretariat_user)
        .get(reverse("municipal_services:update", args=[foreign.pk]))
        .status_code
        == HTTPStatus.OK
    )


def test_form_errors_keep_input(client_for, technician_user, member):
    kind = ServiceTypeFactory()
    response = client_for(technician_user).post(
        reverse("municipal_services:create"),
        {
            "member": member.pk,
            "service_type": kind.pk,
            "name": "Nom que es conserva",
            "modality": "",
            "budget": "-5",
        },
    )
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert {"modality", "budget"} <= set(form.errors)
    assert "Nom que es conserva" in response.content.decode()


def test_create_then_public_detail(client, client_for, technician_user, member):
    kind = ServiceTypeFactory()
    client_for(technician_user).post(
        reverse("municipal_services:create"),
        {"member": member.pk, "service_type": kind.pk, "name": "Punt ESS", "modality": "contracted",
         "budget": "25000", "staff_fte": "1.5", "since_year": "2018", "partner_bodies": "Cooperativa X"},
    )  # fmt: skip
    service = MunicipalService.objects.get()
    assert client.get(service.get_absolute_url()).status_code == HTTPStatus.OK


def test_admin_per_role(
    client_for, technician_user, secretariat_user, member, other_member
):
    MunicipalServiceFactory(member=member, name="Propi")
    MunicipalServiceFactory(member=other_member, name="Aliè")
    url = reverse("admin:municipal_services_municipalservice_changelist")
    content = client_for(technician_user).get(url).content.decode()
    assert "Propi" in content and "Aliè" not in content
    content = client_for(secretariat_user).get(url).content.decode()
    assert "Propi" in content and "Aliè" in content


def test_search_document():
    from teixit.municipal_services.search_providers import document_for

    service = MunicipalServiceFactory(description="Acompanyament a cooperatives")
    doc = document_for(service)
    assert (
        doc.type == "service"
        and "cooperatives" in doc.body
        and doc.visibility == "public"
    )
