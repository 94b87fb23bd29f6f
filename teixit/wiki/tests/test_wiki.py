from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teixit.accounts.tests.factories import UserFactory
from teixit.wiki import services
from teixit.wiki.models import Page, Revision

from .factories import WikiSpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(db):
    return WikiSpaceFactory(name="Xarxa", slug="xarxa")


def _save(space, user, title, text, base=0, **kwargs):
    return services.page_save(
        space=space, user=user, title=title, text=text, base_revision=base, **kwargs
    )


def test_links_between_pages_and_red_links_that_create(
    space, client_for, technician_user
):
    _save(
        space,
        technician_user,
        "Qui som",
        "Vegeu [[Història]] i [[Objectius|els objectius]].",
    )
    _save(space, technician_user, "Història", "Vam néixer el 2016.")
    client = client_for(technician_user)
    html = client.get(
        reverse("wiki:page", kwargs={"space": "xarxa", "slug": "qui-som"})
    ).content.decode()
    assert '<a class="wikilink" href="/wiki/xarxa/historia/">Història</a>' in html
    assert 'class="wikilink wikilink-new"' in html
    assert (
        'href="/wiki/xarxa/objectius/edit/?title=Objectius">els objectius</a>' in html
    )
    # Following the red link opens the editor with the title filled in.
    editor = client.get("/wiki/xarxa/objectius/edit/?title=Objectius")
    assert editor.status_code == HTTPStatus.OK
    assert 'value="Objectius"' in editor.content.decode()
    response = client.post(
        "/wiki/xarxa/objectius/edit/",
        {"title": "Objectius", "text": "Créixer.", "base_revision": 0},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Page.objects.get(slug="objectius").last_edited_by == technician_user


def test_history_word_diff_and_revert(
    space, client_for, technician_user, body_member_user
):
    page = _save(space, technician_user, "Relat", "La xarxa neix a Sabadell.")
    page = _save(
        space,
        body_member_user,
        "Relat",
        "La xarxa neix a Manresa.",
        base=1,
        summary="Lloc",
    )
    client = client_for(technician_user)
    history = client.get(
        reverse("wiki:history", kwargs={"space": "xarxa", "slug": "relat"})
    )
    text = history.content.decode()
    assert "Lloc" in text and body_member_user.get_full_name() in text
    diff = client.get(
        reverse("wiki:diff", kwargs={"space": "xarxa", "slug": "relat"}) + "?a=1&b=2"
    ).content.decode()
    assert "<del>Sabadell</del><ins>Manresa</ins>." in diff
    assert "La xarxa neix a" in diff  # words, not whole lines
    response = client.post(
        reverse("wiki:revert", kwargs={"space": "xarxa", "slug": "relat", "number": 1})
    )
    assert response.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert (page.revision, page.text, page.last_edited_by) == (
        3,
        "La xarxa neix a Sabadell.",
        technician_user,
    )
    assert Revision.objects.get(page=page, number=3).reverted_from == 1
    assert Revision.objects.filter(page=page).count() == 3  # nothing overwritten


def test_two_edits_from_the_same_base_give_the_second_a_merge_screen(
    space, client_for, technician_user, body_member_user
):
    _save(space, technician_user, "Pla", "Primera idea.")
    url = reverse("wiki:edit", kwargs={"space": "xarxa", "slug": "pla"})
    first = client_for(technician_user)
    second = client_for(body_member_user)
    assert first.get(url).status_code == second.get(url).status_code == HTTPStatus.OK
    ok = first.post(
        url, {"title": "Pla", "text": "Primera idea revisada.", "base_revision": 1}
    )
    assert ok.status_code == HTTPStatus.FOUND
    conflict = second.post(
        url, {"title": "Pla", "text": "Primera idea i una segona.", "base_revision": 1}
    )
    assert conflict.status_code == HTTPStatus.CONFLICT
    html = conflict.content.decode()
    assert 'id="edit-conflict"' in html
    assert "<ins> revisada</ins>" in html  # what the other person changed
    assert "Primera idea i una segona." in html  # the second person's text is kept
    assert 'name="base_revision" value="2"' in html
    page = Page.objects.get(slug="pla")
    assert page.text == "Primera idea revisada."  # nothing overwritten
    merged = second.post(
        url,
        {
            "title": "Pla",
            "text": "Primera idea revisada i una segona.",
            "base_revision": 2,
        },
    )
    assert merged.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.revision == 3 and page.last_edited_by == body_member_user


def test_visibility_follows_the_space(
    client_for,
    technical_commission,
    body_member_user,
    technician_user,
    secretariat_user,
):
    commission = WikiSpaceFactory(
        slug="comissio", visibility="body", body=technical_commission
    )
    _save(commission, body_member_user, "Actes", "Secret.")
    url = reverse("wiki:page", kwargs={"space": "comissio", "slug": "actes"})
    assert client_for().get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(UserFactory()).get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(technician_user).get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(body_member_user).get(url).status_code == HTTPStatus.OK
    assert client_for(secretariat_user).get(url).status_code == HTTPStatus.OK
    with pytest.raises(PermissionDenied):
        _save(commission, technician_user, "Actes", "Canvi", base=1)
    # Search finds only pages of spaces the person reads.
    assert (
        url not in client_for(technician_user).get("/wiki/?q=Secret").content.decode()
    )
    assert url in client_for(body_member_user).get("/wiki/?q=Secret").content.decode()


def test_members_only_registered_people_outside_the_network_do_not_read(
    space, client_for, registered_user
):
    assert (
        client_for(registered_user).get(reverse("wiki:index")).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client_for(registered_user).get(space.get_absolute_url()).status_code
        == HTTPStatus.FORBIDDEN
    )


def test_attachments_are_checked_and_served_to_readers(
    space, client_for, technician_user, registered_user
):
    page = _save(space, technician_user, "Recursos", "Fitxers.")
    attach = reverse("wiki:attach", kwargs={"space": "xarxa", "slug": "recursos"})
    client = client_for(technician_user)
    client.post(attach, {"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary")})
    assert not page.attachments.exists()
    client.post(attach, {"file": SimpleUploadedFile("notes.txt", b"Unes notes.")})
    attachment = page.attachments.get()
    download = reverse(
        "wiki:attachment",
        kwargs={"space": "xarxa", "slug": "recursos", "pk": attachment.pk},
    )
    assert client.get(download).status_code == HTTPStatus.OK
    assert client_for(registered_user).get(download).status_code == HTTPStatus.FORBIDDEN


def test_the_site_search_finds_pages_of_member_spaces_for_the_network_only(
    space,
    client_for,
    technical_commission,
    body_member_user,
    technician_user,
    secretariat_user,
    registered_user,
):
    _save(space, technician_user, "Moneda social", "La guia de la moneda social.")
    commission = WikiSpaceFactory(
        slug="comissio", visibility="body", body=technical_commission
    )
    _save(commission, body_member_user, "Actes reservades", "Moneda social interna.")

    def found(user) -> str:
        return client_for(user).get("/search/", {"q": "moneda"}).content.decode()

    for person in (technician_user, body_member_user, secretariat_user):
        html = found(person)
        assert "Moneda social" in html
        assert "Actes reservades" not in html  # a body's space: never indexed
    assert "Moneda social" not in found(registered_user)
    assert "Moneda social" not in found(None)
    # The wiki is not part of the API, even for the people of the network.
    api = client_for(technician_user).get("/api/v1/search/", {"q": "moneda"}).json()
    assert api["count"] == 0
    # Edits keep the index current.
    page = Page.objects.get(space=space)
    _save(
        space,
        technician_user,
        "Moneda social",
        "Ara parla de cooperatives.",
        base=page.revision,
    )
    assert (
        "Moneda social"
        in client_for(technician_user)
        .get("/search/", {"q": "cooperatives"})
        .content.decode()
    )
