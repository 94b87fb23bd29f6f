from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from teixit.materials import services
from teixit.materials.models import Material
from teixit.materials.tests.factories import (
    EXE_BYTES,
    MaterialFactory,
    PublishedMaterialFactory,
    pdf_bytes,
    png_bytes,
    upload,
)
from teixit.practices.tests.factories import MaterialTypeFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _material_with_file(**kwargs) -> Material:
    material = PublishedMaterialFactory(**kwargs)
    services.material_version_add(
        material=material, file=upload("guia.pdf", pdf_bytes())
    )
    return material


# Services ----------------------------------------------------------------------


def test_material_version_add_keeps_old_versions_and_makes_pdf_preview():
    material = PublishedMaterialFactory()
    first = services.material_version_add(
        material=material, file=upload("v1.pdf", pdf_bytes())
    )
    second = services.material_version_add(
        material=material, file=upload("v2.png", png_bytes()), note="Nova"
    )
    assert (first.number, second.number) == (1, 2)
    assert list(material.versions.values_list("number", flat=True)) == [2, 1]
    assert first.preview and first.preview.read().startswith(b"\x89PNG")
    assert second.preview and second.content_type == "image/png"
    assert first.file.read().startswith(b"%PDF")


def test_material_create_requires_file_or_link(technician_user):
    kind = MaterialTypeFactory()
    with pytest.raises(ValidationError) as info:
        services.material_create(
            created_by=technician_user, data={"title": "Sense res", "kind": kind}
        )
    assert "file" in info.value.message_dict


def test_material_create_refuses_disguised_file_and_saves_nothing(technician_user):
    kind = MaterialTypeFactory()
    with pytest.raises(ValidationError):
        services.material_create(
            created_by=technician_user,
            data={"title": "Guia", "kind": kind},
            file=upload("guia.pdf", EXE_BYTES),
        )
    assert not Material.objects.exists()


def test_material_publish_indexes_it_for_search(technician_user):
    from teixit.search.models import SearchDocument

    material = MaterialFactory(title="Guia de contractació pública")
    assert not SearchDocument.objects.filter(type="material").exists()
    services.material_publish(material=material)
    assert (
        SearchDocument.objects.get(type="material", object_id=material.pk).title_folded
        == "guia de contractacio publica"
    )
    with pytest.raises(ValidationError):
        services.material_publish(material=material)


# Pages and permissions ------------------------------------------------------


def test_material_list_shows_public_to_anonymous_and_members_only_to_registered(
    client_for, registered_user
):
    PublishedMaterialFactory(title="Pública")
    PublishedMaterialFactory(title="Interna", visibility="members")
    MaterialFactory(title="Esborrany")
    anonymous = client_for().get(reverse("materials:list")).content.decode()
    assert (
        "Pública" in anonymous
        and "Interna" not in anonymous
        and "Esborrany" not in anonymous
    )
    member = client_for(registered_user).get(reverse("materials:list")).content.decode()
    assert "Pública" in member and "Interna" in member and "Esborrany" not in member


def test_material_list_htmx_answers_the_results_fragment(client):
    PublishedMaterialFactory(title="Pública")
    response = client.get(reverse("materials:list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Pública" in response.content.decode()


def test_material_download_of_members_only_refused_to_public(
    client_for, registered_user
):
    material = _material_with_file(visibility="members")
    url = reverse("materials:download", kwargs={"pk": material.pk, "number": 1})
    assert client_for().get(url).status_code == HTTPStatus.NOT_FOUND
    response = client_for(registered_user).get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    preview = client_for(registered_user).get(
        reverse("materials:preview", kwargs={"pk": material.pk, "number": 1})
    )
    assert (
        preview.status_code == HTTPStatus.OK and preview["Content-Type"] == "image/png"
    )


def test_material_public_download_for_anonymous(client):
    material = _material_with_file()
    response = client.get(
        reverse("materials:download", kwargs={"pk": material.pk, "number": 1})
    )
    assert response.status_code == HTTPStatus.OK
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, HTTPStatus.FOUND),
        ("registered_user", HTTPStatus.FORBIDDEN),
        ("technician_user", HTTPStatus.OK),
        ("body_member_user", HTTPStatus.OK),
        ("secretariat_user", HTTPStatus.OK),
    ],
)
def test_material_create_page_per_role(request, client_for, role, expected):
    user = request.getfixturevalue(role) if role else None
    assert client_for(user).get(reverse("materials:create")).status_code == expected


def test_material_create_page_uploads_a_version(client_for, technician_user):
    kind = MaterialTypeFactory()
    theme = ThemeFactory()
    response = client_for(technician_user).post(
        reverse("materials:create"),
        {"title": "Guia de mercat social", "kind": kind.pk, "themes": [theme.pk], "language": "ca",
         "licence": "CC BY 4.0", "visibility": "public", "file": upload("guia.pdf", pdf_bytes())},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    material = Material.objects.get()
    assert (
        material.status == Material.Status.DRAFT
        and material.created_by == technician_user
    )
    assert material.versions.get().content_type == "application/pdf"


def test_material_create_page_refuses_disguised_file_and_keeps_what_was_typed(
    client_for, technician_user
):
    kind = MaterialTypeFactory()
    with translation.override("en"):
        url = reverse("materials:create")  # /en/…: messages in English
    response = client_for(technician_user).post(
        url,
        {"title": "Títol escrit amb cura", "kind": kind.pk, "language": "ca", "licence": "CC BY 4.0",
         "visibility": "public", "description": "Descripció llarga", "file": upload("guia.pdf", EXE_BYTES)},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "whatever its name says" in html
    assert "Títol escrit amb cura" in html and "Descripció llarga" in html
    assert "must be chosen again" in html
    assert not Material.objects.exists()


def test_material_new_version_by_adder_while_draft_and_secretariat_publishes(
    client_for, technician_user, secretariat_user
):
    material = MaterialFactory(created_by=technician_user)
    services.material_version_add(material=material, file=upload("v1.pdf", pdf_bytes()))
    data = {"title": material.title, "kind": material.kind.pk, "language": "ca", "licence": "CC BY 4.0",
            "visibility": "public", "file": upload("v2.pdf", pdf_bytes(2)), "note": "Segona edició"}  # fmt: skip
    response = client_for(technician_user).post(
        reverse("materials:update", kwargs={"pk": material.pk}), data
    )
    assert response.status_code == HTTPStatus.FOUND
    assert material.versions.count() == 2
    publish = reverse("materials:publish", kwargs={"pk": material.pk})
    assert client_for(technician_user).post(publish).status_code == HTTPStatus.FORBIDDEN
    assert client_for(secretariat_user).post(publish).status_code == HTTPStatus.FOUND
    material.refresh_from_db()
    assert material.is_published
    # Once published, only the secretariat changes it.
    edit = reverse("materials:update", kwargs={"pk": material.pk})
    assert client_for(technician_user).get(edit).status_code == HTTPStatus.FORBIDDEN
    assert client_for(secretariat_user).get(edit).status_code == HTTPStatus.OK


def test_material_detail_of_draft_hidden_from_others(
    client_for, registered_user, technician_user
):
    material = MaterialFactory(created_by=technician_user)
    url = material.get_absolute_url()
    assert client_for().get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(registered_user).get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(technician_user).get(url).status_code == HTTPStatus.OK


def test_material_list_query_count_is_constant(client_for, registered_user):
    theme = ThemeFactory()

    def count() -> int:
        client = client_for(registered_user)
        client.get(reverse("materials:list"))  # warm caches (session, roles)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("materials:list"))
        return len(ctx.captured_queries)

    for _ in range(2):
        _material_with_file().themes.add(theme)
    few = count()
    for _ in range(8):
        _material_with_file().themes.add(theme)
    assert count() == few


def test_material_list_theme_filter_lists_each_material_once_with_its_latest_version(
    client,
):
    theme, other = ThemeFactory(), ThemeFactory()
    material = _material_with_file(title="Guia de cooperatives")
    services.material_version_add(
        material=material, file=upload("guia-v2.pdf", pdf_bytes())
    )
    material.themes.add(theme, other)
    _material_with_file(title="Sense tema")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("materials:list"), {"theme": theme.code})
    # Besides the register stamp its selects' rows are kept by (core.kept_rows).
    assert (
        sum(
            "entities_registerstamp" not in query["sql"]
            for query in queries.captured_queries
        )
        <= 9
    )
    html = response.content.decode()
    assert html.count("Guia de cooperatives") == 1
    assert "Sense tema" not in html
    assert "versió 2," in html


# Admin ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat_user", HTTPStatus.OK),
        ("technician_user", HTTPStatus.FORBIDDEN),
        ("superuser", HTTPStatus.OK),
    ],
)
def test_material_admin_per_role(request, client_for, role, expected):
    material = PublishedMaterialFactory()
    client = client_for(request.getfixturevalue(role))
    assert (
        client.get(reverse("admin:materials_material_changelist")).status_code
        == expected
    )
    assert (
        client.get(
            reverse("admin:materials_material_change", args=[material.pk])
        ).status_code
        == expected
    )


# API ---------------------------------------------------------------------------------


def test_materials_api_lists_public_and_members_only_with_token(
    client, registered_user
):
    from teixit.accounts.services import api_token_create

    _material_with_file(title="Pública")
    PublishedMaterialFactory(title="Interna", visibility="members")
    data = client.get("/api/v1/materials/").json()
    assert [item["title"] for item in data["items"]] == ["Pública"]
    _, raw = api_token_create(user=registered_user, name="t")
    data = client.get("/api/v1/materials/", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert {item["title"] for item in data["items"]} == {"Pública", "Interna"}


def test_materials_api_detail_lists_versions(client):
    material = _material_with_file()
    data = client.get(f"/api/v1/materials/{material.pk}/").json()
    assert data["versions"][0]["number"] == 1
    assert data["versions"][0]["download_url"].endswith(
        f"/materials/{material.pk}/versions/1/"
    )
    hidden = PublishedMaterialFactory(visibility="members")
    assert (
        client.get(f"/api/v1/materials/{hidden.pk}/").status_code
        == HTTPStatus.NOT_FOUND
    )
