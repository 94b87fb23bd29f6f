"""Pages and permissions of the needs register and the social market."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from teixit.needs.models import Need, SupplierMark

from .factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_public_sees_confirmed_needs_but_not_proposals(client_for, place):
    public = NeedFactory(title="Menjador social", status="confirmed")
    raised = NeedFactory(title="Proposta secreta", status="raised")
    client = client_for()
    response = client.get(reverse("needs:list"))
    assert response.status_code == HTTPStatus.OK
    assert "Menjador social" in response.text
    assert "Proposta secreta" not in response.text
    assert client.get(public.get_absolute_url()).status_code == HTTPStatus.OK
    assert client.get(raised.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_network_people_see_proposals(client_for, technician_user, body_member_user):
    raised = NeedFactory(status="raised")
    for user in (technician_user, body_member_user):
        assert (
            client_for(user).get(raised.get_absolute_url()).status_code == HTTPStatus.OK
        )


def test_list_filters_by_theme_and_counts(client_for, place):
    NeedFactory(
        title="Amb tema", themes=[place["theme"]], municipalities=[place["girona"]]
    )
    NeedFactory(title="Sense tema", municipalities=[place["salt"]])
    response = client_for().get(reverse("needs:list"), {"theme": "consum"})
    assert "Amb tema" in response.text
    assert "Sense tema" not in response.text
    assert response.context["counts"]["themes"] == [("consum", "Consum responsable", 1)]
    assert len(response.context["map_points"]) == 1


def test_htmx_list_answers_the_results_fragment(client_for):
    response = client_for().get(reverse("needs:list"), HTTP_HX_REQUEST="true")
    assert "<h1>" not in response.text
    assert 'id="counts-themes"' in response.text


def test_technician_raises_a_need(client_for, technician_user, place):
    client = client_for(technician_user)
    assert client.get(reverse("needs:create")).status_code == HTTPStatus.OK
    response = client.post(
        reverse("needs:create"),
        {
            "title": "Càtering ecològic per a escoles",
            "description": "Les escoles no troben càtering de proximitat.",
            "sectors": [place["food"].pk],
            "municipalities": "Girona; Salt",
            "origin": "member",
            "population_affected": "1200",
        },
    )
    need = Need.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == need.get_absolute_url()
    assert need.raised_by == technician_user
    assert need.member == technician_user.technician_posts.first().member
    assert {m.name for m in need.municipalities.all()} == {"Girona", "Salt"}


def test_unknown_municipality_is_a_form_error_and_nothing_is_saved(
    client_for, technician_user, place
):
    response = client_for(technician_user).post(
        reverse("needs:create"),
        {
            "title": "X",
            "description": "Y",
            "municipalities": "Girona; Ciutat inventada",
            "origin": "member",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Municipi desconegut: Ciutat inventada." in response.text
    assert not Need.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "registered"])
def test_people_outside_the_network_cannot_raise_needs(
    client_for, registered_user, who
):
    client = client_for(registered_user if who == "registered" else None)
    response = client.get(reverse("needs:create"))
    if who == "anonymous":
        assert response.status_code == HTTPStatus.FOUND
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN


def test_only_the_secretariat_reviews(client_for, technician_user, secretariat_user):
    need = NeedFactory(status="raised", raised_by=technician_user)
    url = reverse("needs:status", args=[need.pk])
    assert client_for(technician_user).post(
        url, {"status": "confirmed"}
    ).status_code == (HTTPStatus.FORBIDDEN)
    response = client_for(secretariat_user).post(url, {"status": "confirmed"})
    assert response.status_code == HTTPStatus.FOUND
    need.refresh_from_db()
    assert need.status == "confirmed"


def test_raiser_edits_only_while_raised(client_for, technician_user, place):
    need = NeedFactory(
        status="raised", raised_by=technician_user, municipalities=[place["girona"]]
    )
    url = reverse("needs:update", args=[need.pk])
    client = client_for(technician_user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    # the form shows the need's municipalities, read once
    assert page.context["form"]["municipalities"].value() == place["girona"].name
    assert place["girona"].name in page.content.decode()
    read = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "territories_municipality" INNER JOIN "needs_need_municipalities"'
        in q["sql"]
    ]
    assert len(read) == 1, read
    need.status = "confirmed"
    need.save(update_fields=["status"])
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_detail_lists_matches_with_reasons_and_map_points(client_for, place, suppliers):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])
    response = client_for().get(need.get_absolute_url())
    assert "Horta de Salt" in response.text
    assert "sector Alimentació, a Salt" in response.text
    assert len(response.context["map_points"]) == 3
    assert "Save the mark" not in response.text and "Desa la marca" not in response.text


def test_network_person_marks_a_match(client_for, technician_user, place, suppliers):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])
    entity = suppliers["salt_food"]
    client = client_for(technician_user)
    assert "Desa la marca" in client.get(need.get_absolute_url()).text
    response = client.post(
        reverse("needs:mark", args=[need.pk]),
        {"entity": entity.pk, "state": "contacted", "note": "Enviat un correu"},
    )
    assert response.status_code == HTTPStatus.FOUND
    mark = SupplierMark.objects.get()
    assert (mark.entity, mark.state, mark.marked_by) == (
        entity,
        "contacted",
        technician_user,
    )
    # A draft entity cannot be marked.
    client.post(
        reverse("needs:mark", args=[need.pk]),
        {"entity": suppliers["girona_draft"].pk, "state": "contacted"},
    )
    assert SupplierMark.objects.count() == 1


def test_anonymous_cannot_mark(client_for, place, suppliers):
    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])
    response = client_for().post(
        reverse("needs:mark", args=[need.pk]),
        {"entity": suppliers["salt_food"].pk, "state": "contacted"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert not SupplierMark.objects.exists()


def test_buy_from_the_sse_search_is_public(client_for, place, suppliers):
    response = client_for().get(
        reverse("needs:buy"), {"what": "alimentació", "place": "Girona", "radius": "10"}
    )
    assert response.status_code == HTTPStatus.OK
    names = [m.name for m in response.context["matches"]]
    assert names == ["Cooperativa de menjadors de Girona", "Horta de Salt"]
    # Public contacts only.
    assert "hola@menjadors.coop" in response.text
    assert "972000000" not in response.text


def test_buy_search_unknown_place_is_a_clear_error(client_for, place):
    response = client_for().get(
        reverse("needs:buy"), {"what": "fruita", "place": "Enlloc"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Municipi desconegut: Enlloc." in response.text
    assert response.context["matches"] is None


def test_detail_reads_the_needs_sectors_once(client_for, place, suppliers):
    """The page shows the need's sectors and finds its matches by them: one
    read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    need = NeedFactory(sectors=[place["food"]], municipalities=[place["salt"]])
    with CaptureQueriesContext(connection) as ctx:
        response = client_for().get(need.get_absolute_url())
    assert "Horta de Salt" in response.text
    sectors = [
        q["sql"] for q in ctx.captured_queries if "needs_need_sectors" in q["sql"]
    ]
    assert len(sectors) == 1, sectors


def test_the_list_page_reads_no_sector_the_api_gives_them(client_for, place):
    """The list's rows show themes and territory, not sectors: none read; the
    API's list still gives each need's sectors."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    need = NeedFactory(
        title="Menjador social",
        sectors=[place["food"]],
        municipalities=[place["salt"]],
    )
    client = client_for()
    client.get(reverse("needs:list"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("needs:list"))
    assert need.title in response.text
    assert not [q for q in ctx.captured_queries if "needs_need_sectors" in q["sql"]]
    rows = client.get("/api/v1/needs/").json()["items"]
    assert [row["sectors"] for row in rows] == [[place["food"].code]]
