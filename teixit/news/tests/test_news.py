import io
from http import HTTPStatus

import feedparser
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from teixit.news import services
from teixit.news.models import NewsItem
from teixit.vocabulary.tests.factories import ConceptFactory

from .factories import NewsItemFactory

pytestmark = pytest.mark.django_db


def _png(name="foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_only_the_secretariat_writes_and_publishes(
    client_for, secretariat_user, technician_user
):
    data = {
        "title": "Nova xarxa",
        "slug": "nova-xarxa",
        "summary": "La xarxa creix.",
        "body": "Text **llarg**.",
        "language": "ca",
    }
    create = reverse("news:create")
    assert (
        client_for(technician_user).post(create, data).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert not NewsItem.objects.exists()
    response = client_for(secretariat_user).post(create, data)
    assert response.status_code == HTTPStatus.FOUND
    item = NewsItem.objects.get()
    assert item.status == NewsItem.Status.DRAFT and item.author == secretariat_user
    # A draft is hidden from the public, shown to the secretariat.
    assert client_for().get(item.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    with pytest.raises(PermissionDenied):
        services.news_publish(item=item, user=technician_user)
    publish = reverse("news:publish", kwargs={"slug": item.slug})
    assert client_for(secretariat_user).post(publish).status_code == HTTPStatus.FOUND
    item.refresh_from_db()
    assert item.published_at is not None
    assert client_for().get(item.get_absolute_url()).status_code == HTTPStatus.OK


def test_an_image_needs_its_description(client_for, secretariat_user):
    response = client_for(secretariat_user).post(
        reverse("news:create"),
        {
            "title": "Amb foto",
            "slug": "amb-foto",
            "summary": "Resum.",
            "body": "Text.",
            "language": "ca",
            "image": _png(),
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Descriviu la imatge" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_a_news_page_carries_sharing_tags_and_no_third_party_script(
    client_for, secretariat_user
):
    response = client_for(secretariat_user).post(
        reverse("news:create"),
        {
            "title": "Trobada anual",
            "slug": "trobada-anual",
            "summary": "Ens trobem a Manresa.",
            "body": "Text.",
            "language": "ca",
            "image": _png(),
            "image_alt": "Persones en una sala",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    item = NewsItem.objects.get()
    services.news_publish(item=item, user=secretariat_user)
    html = client_for().get(item.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Trobada anual">' in html
    assert '<meta property="og:description" content="Ens trobem a Manresa.">' in html
    assert (
        'property="og:image" content="http://testserver/news/trobada-anual/image/"'
        in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'alt="Persones en una sala"' in html
    scripts = [line for line in html.splitlines() if "<script" in line]
    assert all('src="/static/' in line for line in scripts)
    image = client_for().get(reverse("news:image", kwargs={"slug": item.slug}))
    assert image.status_code == HTTPStatus.OK


def test_the_atom_feeds_validate_and_hold_published_news_only():
    theme = ConceptFactory()
    other = ConceptFactory()
    on_theme = NewsItemFactory(title="Sobre el tema")
    on_theme.themes.add(theme)
    NewsItemFactory(title="Una altra")
    NewsItemFactory(title="Esborrany", status=NewsItem.Status.DRAFT, published_at=None)
    from django.test import Client

    client = Client()
    feed = feedparser.parse(client.get(reverse("news:feed")).content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert sorted(entry.title for entry in feed.entries) == [
        "Sobre el tema",
        "Una altra",
    ]
    themed = feedparser.parse(
        client.get(reverse("news:theme_feed", kwargs={"pk": theme.pk})).content
    )
    assert not themed.bozo
    assert [entry.title for entry in themed.entries] == ["Sobre el tema"]
    empty = feedparser.parse(
        client.get(reverse("news:theme_feed", kwargs={"pk": other.pk})).content
    )
    assert empty.entries == []


def test_the_home_page_shows_the_latest_news(client_for):
    NewsItemFactory(title="La darrera notícia")
    NewsItemFactory(title="Amagada", status=NewsItem.Status.DRAFT, published_at=None)
    html = client_for().get(reverse("home:home")).content.decode()
    assert "La darrera notícia" in html
    assert "Amagada" not in html


def test_the_api_lists_published_news(client_for):
    theme = ConceptFactory()
    item = NewsItemFactory(title="Publicada", language="es")
    item.themes.add(theme)
    NewsItemFactory(title="Esborrany", status=NewsItem.Status.DRAFT, published_at=None)
    body = client_for().get("/api/v1/news/").json()
    assert [row["title"] for row in body["items"]] == ["Publicada"]
    assert body["items"][0]["themes"] == [theme.code]
    assert client_for().get("/api/v1/news/?language=ca").json()["items"] == []
