"""Pages of funding lines: who sees and does what, forms, import."""

import io
from http import HTTPStatus

import pytest
from django.urls import reverse
from openpyxl import Workbook

from teixit.funding.models import FundingLine, OverlapResolution

from .factories import make_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(secretariat_user, places, themes):
    by = secretariat_user
    a = make_line(
        by=by,
        title="Impulsem l'ESS",
        themes=[themes["market"]],
        comarques=[places["valles"]],
    )
    b = make_line(
        by=by, title="Sabadell coopera", level="municipality",
        administration="Ajuntament de Sabadell", themes=[themes["market"]],
        municipalities=[places["sabadell"]],
    )  # fmt: skip
    return a, b


def test_anyone_lists_and_reads_lines_with_their_overlaps(client, pair):
    a, b = pair
    response = client.get(reverse("funding:list"))
    assert response.status_code == HTTPStatus.OK
    assert "Impulsem l&#x27;ESS" in response.text
    assert reverse("funding:create") not in response.text
    detail = client.get(a.get_absolute_url())
    assert detail.status_code == HTTPStatus.OK
    assert b.get_absolute_url() in detail.text
    assert 'data-reason="territory"' in detail.text
    assert reverse("funding:resolve", args=[a.pk, b.pk]) not in detail.text


def test_list_filters_and_htmx_fragment(client, pair):
    response = client.get(
        reverse("funding:list"), {"level": "municipality"}, HTTP_HX_REQUEST="true"
    )
    assert "Sabadell coopera" in response.text
    assert "Impulsem" not in response.text
    assert "<html" not in response.text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("registered_user", HTTPStatus.FORBIDDEN),
        ("technician_user", HTTPStatus.FORBIDDEN),
        ("body_member_user", HTTPStatus.OK),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_matrix_is_for_the_commission_and_secretariat(
    request, client_for, pair, role, status
):
    response = client_for(request.getfixturevalue(role)).get(reverse("funding:matrix"))
    assert response.status_code == status
    if status == HTTPStatus.OK:
        a, b = pair
        assert a.get_absolute_url() in response.text
        assert b.get_absolute_url() in response.text


def test_matrix_asks_anonymous_people_to_log_in(client):
    response = client.get(reverse("funding:matrix"))
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_commission_registers_a_line_through_the_form(client_for, body_member_user, places, themes):  # fmt: skip
    client = client_for(body_member_user)
    assert client.get(reverse("funding:create")).status_code == HTTPStatus.OK
    data = {
        "title": "Cooperativisme a Osona",
        "level": "comarca",
        "administration": "Consell Comarcal d'Osona",
        "themes": [themes["jobs"].pk],
        "beneficiaries": ["cooperatives", "networks"],
        "comarques": [places["osona"].pk],
        "execution_start": "2026-02-01",
        "execution_end": "2026-11-30",
        "budget": "30000",
        "max_per_beneficiary": "5000",
    }
    response = client.post(reverse("funding:create"), data)
    line = FundingLine.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == line.get_absolute_url()
    assert line.beneficiaries == ["cooperatives", "networks"]
    assert list(line.areas.values_list("comarca__code", flat=True)) == ["24"]


def test_form_without_territory_changes_nothing(client_for, body_member_user, themes):
    response = client_for(body_member_user).post(
        reverse("funding:create"),
        {
            "title": "Sense territori", "level": "eu", "administration": "UE",
            "themes": [themes["jobs"].pk], "beneficiaries": ["cooperatives"],
            "execution_start": "2026-02-01", "execution_end": "2026-11-30",
        },
    )  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    assert "Indiqueu on s" in response.text  # the form's error, in Catalan
    assert not FundingLine.objects.exists()


@pytest.mark.parametrize(
    ("role", "edit", "delete"),
    [
        ("registered_user", HTTPStatus.FORBIDDEN, HTTPStatus.FORBIDDEN),
        ("body_member_user", HTTPStatus.OK, HTTPStatus.FORBIDDEN),
        ("secretariat_user", HTTPStatus.OK, HTTPStatus.OK),
    ],
)
def test_who_edits_and_deletes(request, client_for, pair, role, edit, delete):
    client = client_for(request.getfixturevalue(role))
    line = pair[0]
    assert client.get(reverse("funding:update", args=[line.pk])).status_code == edit
    assert client.get(reverse("funding:delete", args=[line.pk])).status_code == delete


def test_secretariat_deletes_a_line(client_for, secretariat_user, pair):
    response = client_for(secretariat_user).post(reverse("funding:delete", args=[pair[0].pk]))  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    assert FundingLine.objects.count() == 1


def test_commission_resolves_an_overlap_from_the_line(client_for, body_member_user, registered_user, pair):  # fmt: skip
    a, b = pair
    url = reverse("funding:resolve", args=[a.pk, b.pk])
    assert client_for(registered_user).post(url, {"note": "x"}).status_code == HTTPStatus.FORBIDDEN  # fmt: skip
    client = client_for(body_member_user)
    assert url in client.get(a.get_absolute_url()).text
    response = client.post(url, {"note": "Complementàries: l'una paga el local"})
    assert response.status_code == HTTPStatus.FOUND
    assert OverlapResolution.objects.get().note.startswith("Complementàries")
    page = client.get(a.get_absolute_url()).text
    assert "Complementàries" in page
    assert url not in page


def _csv(rows: list[str]) -> bytes:
    return ("\n".join(rows) + "\n").encode()


HEADER = "títol;nivell;administració;temes;beneficiaris;territori;inici execució;fi execució;pressupost"  # fmt: skip


def test_import_creates_every_line(client_for, body_member_user, places, themes):
    data = _csv([
        HEADER,
        "Línia A;Diputació;Diputació de Barcelona;Mercat social;Cooperatives|associations;Osona;2026-01-01;31/12/2026;12.000,50",
        "Línia B;generalitat;Generalitat de Catalunya;ocupacio;cooperatives;Catalunya;2026-03-01;2026-10-31;",
    ])  # fmt: skip
    response = client_for(body_member_user).post(
        reverse("funding:import"),
        {"file": _upload(data, "linies.csv")},
    )
    assert response.status_code == HTTPStatus.FOUND
    a = FundingLine.objects.get(title="Línia A")
    assert a.level == "province"
    assert str(a.budget) == "12000.50"
    assert a.beneficiaries == ["cooperatives", "associations"]
    assert FundingLine.objects.get(title="Línia B").whole_catalonia


def test_import_is_all_or_nothing_with_a_row_report(client_for, body_member_user, places, themes):  # fmt: skip
    data = _csv([
        HEADER,
        "Línia A;Diputació;Diputació de Barcelona;Mercat social;cooperatives;Osona;2026-01-01;2026-12-31;",
        "Línia B;planeta;Generalitat;Res;cooperatives;Narnia;2026-13-01;2026-10-31;-5",
        "Línia C;generalitat;Generalitat;ocupacio;cooperatives;Catalunya;2026-10-01;2026-03-31;",
    ])  # fmt: skip
    response = client_for(body_member_user).post(
        reverse("funding:import"), {"file": _upload(data, "linies.csv")}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not FundingLine.objects.exists()
    errors = response.context["errors"]
    assert {number for number, _ in errors} == {3, 4}
    texts = " ".join(message for _, message in errors)
    for word in ("planeta", "Res", "Narnia", "2026-13-01", "-5"):
        assert word in texts


def test_import_reads_xlsx(client_for, secretariat_user, places, themes):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["title", "level", "administration", "themes", "beneficiaries", "territory", "execution start", "execution end"])  # fmt: skip
    from datetime import datetime

    sheet.append(["Vic coopera", "municipality", "Ajuntament de Vic", "ocupacio", "cooperatives", "Vic", datetime(2026, 1, 1), datetime(2026, 6, 30)])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client_for(secretariat_user).post(
        reverse("funding:import"), {"file": _upload(buffer.getvalue(), "linies.xlsx")}
    )
    assert response.status_code == HTTPStatus.FOUND
    line = FundingLine.objects.get()
    assert [m.name for m in line.municipalities.all()] == ["Vic"]


def test_import_refuses_missing_columns(client_for, secretariat_user, places, themes):
    response = client_for(secretariat_user).post(
        reverse("funding:import"), {"file": _upload(b"title;level\nA;eu\n", "a.csv")}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["errors"][0][1].startswith(
        "Hi falten columnes: administration"
    )


def test_import_is_closed_to_technicians(client_for, technician_user):
    assert client_for(technician_user).get(reverse("funding:import")).status_code == HTTPStatus.FORBIDDEN  # fmt: skip


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
