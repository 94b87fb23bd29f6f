"""Practices exchanged with other practice banks (issue 16.6b): CSV and
JSON-LD exports, imports of the same formats (all or nothing, errors row by
row), and the round trip export → import into an empty bank → same practices."""

from __future__ import annotations

import datetime
import warnings
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from rdflib import Graph, URIRef

from teixit.network.models import Member
from teixit.network.tests.factories import MemberFactory
from teixit.practices import exchange, services
from teixit.practices.models import Practice
from teixit.practices.tests.factories import (
    PracticeFactory,
    PublishedPracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(db):
    food = ThemeFactory(code="alimentacio", label_ca="Alimentació")
    housing = ThemeFactory(code="habitatge", label_ca="Habitatge")
    member = MemberFactory(name="Ajuntament de Manlleu", slug="manlleu")
    market = PublishedPracticeFactory(
        title="Mercat social de Manlleu",
        summary="Un mercat de proximitat, amb 30 entitats.",
        context="- Poca oferta\n- Molta demanda",
        actions="=SUMA(A1) no és una fórmula",
        lessons="Cal temps.",
        outcome=Practice.Outcome.PARTIAL,
        scope=Practice.Scope.LOCAL,
        member=member,
        start_on=datetime.date(2018, 3, 1),
        end_on=datetime.date(2019, 6, 30),
        budget=Decimal("12000.50"),
        language="ca",
        contact_name="Anna Secreta",
        contact_email="anna@secret.example",
    )
    market.themes.set([food, housing])
    services.practice_links_set(
        practice=market,
        links=[
            ("https://mercat.example.cat/", "Web del mercat; edició 2019"),
            ("https://video.example.cat/x", ""),
        ],
    )
    currency = PublishedPracticeFactory(
        title="Moneda local de Lleida",
        summary="Una moneda que no va arrelar.",
        outcome=Practice.Outcome.FAILURE,
        scope=Practice.Scope.NATIONAL,
        place="Lleida",
        country="Espanya",
        visibility=Practice.Visibility.MEMBERS,
        language="es",
    )
    currency.themes.set([food])
    currency.replicated_in.set([market])
    draft = PracticeFactory(title="Esborrany que no surt")
    return {"market": market, "currency": currency, "draft": draft, "member": member}


def snapshot() -> list[tuple]:
    """What must survive the exchange, practice by practice."""
    out = []
    for practice in Practice.objects.order_by("title"):
        out.append(
            (
                practice.title,
                practice.summary,
                practice.context,
                practice.actions,
                practice.lessons,
                practice.outcome,
                practice.scope,
                practice.territory_label,
                practice.start_on,
                practice.end_on,
                practice.budget,
                practice.language,
                practice.visibility,
                sorted(practice.themes.values_list("code", flat=True)),
                sorted(practice.links.values_list("url", "title")),
                sorted(practice.replicated_in.values_list("title", flat=True)),
            )
        )
    return out


def export(client, fmt: str) -> bytes:
    response = client.get(reverse("practices:export"), {"format": fmt})
    assert response.status_code == HTTPStatus.OK
    return b"".join(response.streaming_content)


def parse_jsonld(text: str) -> Graph:
    """rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph
    internally (rdflib 7.x): its warning is not about this code."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=text, format="json-ld")


@pytest.mark.parametrize("fmt", ["csv", "jsonld"])
@pytest.mark.parametrize("members_too", [False, True], ids=["members-kept", "empty"])
def test_round_trip_gives_the_same_practices_in_an_empty_bank(
    client_for, secretariat_user, bank, fmt, members_too
):
    client = client_for(secretariat_user)
    before = [row for row in snapshot() if row[0] != "Esborrany que no surt"]
    data = export(client, fmt)
    Practice.objects.all().delete()
    if members_too:
        Member.objects.all().delete()
    assert not Practice.objects.exists()

    upload = SimpleUploadedFile(f"other-bank.{fmt}", data)
    response = client.post(
        reverse("practices:import"), {"file": upload, "publish": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()
    assert snapshot() == before
    imported = Practice.objects.get(title="Mercat social de Manlleu")
    assert imported.is_published and imported.author is None
    if members_too:
        assert imported.member is None and imported.place == "Ajuntament de Manlleu"
    else:
        assert imported.member.slug == "manlleu"


def test_an_import_without_publishing_fills_the_review_queue(secretariat_user, bank):
    rows = exchange.export_csv(Practice.objects.published(), base_url="https://x")
    data = "".join(rows).encode()
    Practice.objects.all().delete()
    result = services.practices_import(data=data, by=secretariat_user)
    assert len(result.created) == 2
    assert {p.status for p in Practice.objects.all()} == {Practice.Status.REVIEW}


def test_a_file_with_errors_imports_nothing_and_says_which_rows(
    client_for, secretariat_user, bank
):
    csv_text = (
        b"title,summary,outcome,themes,start_on,links\n"
        b"Bona,Un resum,success,alimentacio,2020-01-01,https://ok.example.cat\n"
        b"Sense resum,,success,,,\n"
        b"Mala,Un resum,triomf,inventat,31/02/2020,ftp://no.example\n"
    )
    count = Practice.objects.count()
    response = client_for(secretariat_user).post(
        reverse("practices:import"),
        {"file": SimpleUploadedFile("p.csv", csv_text)},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Practice.objects.count() == count
    errors = response.context["errors"]
    assert {number for number, _message in errors} == {3, 4}
    text = " ".join(message for _number, message in errors)
    for expected in ("summary", "triomf", "inventat", "31/02/2020", "ftp://no.example"):
        assert expected in text
    page = response.content.decode()
    assert 'id="import-errors"' in page and "triomf" in page


def test_a_period_ending_before_it_starts_is_a_row_error(secretariat_user, bank):
    csv_text = (
        "title;summary;outcome;start_on;end_on\n"
        "Al revés;Un resum;success;2020-05-01;2020-01-01\n"
    ).encode()
    with pytest.raises(exchange.PracticeFileError) as caught:
        services.practices_import(data=csv_text, by=secretariat_user)
    assert caught.value.errors[0][0] == 2


def test_a_file_without_the_required_columns_is_refused(secretariat_user, db):
    with pytest.raises(exchange.PracticeFileError) as caught:
        services.practices_import(data=b"titol,resum\nA,B\n", by=secretariat_user)
    assert "outcome" in caught.value.errors[0][1]


def test_broken_json_is_refused_with_its_line(secretariat_user, db):
    with (
        translation.override("en"),
        pytest.raises(exchange.PracticeFileError) as caught,
    ):
        services.practices_import(data=b'{"@graph": [\n{,}]}', by=secretariat_user)
    assert "line 2" in caught.value.errors[0][1]


def test_the_public_export_holds_public_published_practices_without_contacts(
    client, bank
):
    text = export(client, "csv").decode()
    assert "Mercat social de Manlleu" in text
    assert "Moneda local de Lleida" not in text  # members only
    assert "Esborrany" not in text
    assert "anna@secret.example" not in text and "Anna Secreta" not in text
    assert "'=SUMA(A1)" in text  # no formula runs in a spreadsheet


def test_the_export_follows_the_list_filters(client_for, registered_user, bank):
    response = client_for(registered_user).get(
        reverse("practices:export"), {"format": "csv", "outcome": "failure"}
    )
    text = b"".join(response.streaming_content).decode()
    assert "Moneda local de Lleida" in text
    assert "Mercat social" not in text


def test_the_jsonld_export_is_linked_data_with_absolute_identifiers(
    client_for, registered_user, bank
):
    graph = parse_jsonld(export(client_for(registered_user), "jsonld").decode())
    iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    assert all(iri.startswith(("http://", "https://")) for iri in iris), iris
    market = URIRef(f"http://testserver/practices/{bank['market'].pk}/")
    about = set(graph.objects(market, URIRef("https://schema.org/about")))
    assert URIRef("http://testserver/vocabulary/themes/alimentacio/") in about
    currency = URIRef(f"http://testserver/practices/{bank['currency'].pk}/")
    replicated = URIRef("http://testserver/practices/#replicatedIn")
    assert (currency, replicated, market) in graph


def test_an_unknown_export_format_is_not_found(client, db):
    response = client.get(reverse("practices:export"), {"format": "xml"})
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("technician_user", HTTPStatus.FORBIDDEN),
        ("registered_user", HTTPStatus.FORBIDDEN),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_only_the_secretariat_imports(request, client_for, who, expected):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("practices:import")).status_code == expected


def test_the_import_asks_a_visitor_to_log_in(client, db):
    response = client.get(reverse("practices:import"))
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_the_service_refuses_someone_who_may_not_import(technician_user, db):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.practices_import(data=b"title,summary,outcome\n", by=technician_user)
