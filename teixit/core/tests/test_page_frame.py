"""The page frame (menu, header) costs little and shows the same thing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from teixit.accounts.tests.factories import UserFactory
from teixit.core.navigation import main_navigation

pytestmark = pytest.mark.django_db

# The loop base.html held before the main_menu tag.
LOOP = """{% for group in main_navigation %}
              <li class="nav-group nav-group-{{ group.key }}">
                <details class="nav-menu" data-nav-menu>
                  <summary {% if group.active %}class="active"{% endif %}>{{ group.label }}</summary>
                  <ul>
                    {% for item in group.items %}
                      <li><a href="{{ item.url }}" {% if item.active %}aria-current="page"{% endif %}>{{ item.label }}</a></li>
                    {% endfor %}
                  </ul>
                </details>
              </li>
            {% endfor %}"""


@pytest.mark.parametrize("language", ["ca", "es"])
def test_the_main_menu_tag_writes_what_the_menu_loop_wrote(
    language, secretariat_user, registered_user
):
    engine = engines["django"]
    loop = engine.from_string(LOOP)
    tag = engine.from_string("{% load teixit %}{% main_menu %}")
    with translation.override(language):
        for user in (AnonymousUser(), registered_user, secretariat_user):
            for path in ("/", "/practices/", "/es/map/", "/credits/"):
                request = RequestFactory().get(path)
                request.user = user
                context = {"main_navigation": main_navigation(request)}
                expected = loop.render(context)
                assert tag.render(context) == expected
                # Reused from then on, still the same.
                assert tag.render(context) == expected


def test_a_page_frame_does_not_ask_the_database_for_the_persons_roles_again(
    client_for, technician_user
):
    client = client_for(technician_user)
    client.get("/credits/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/credits/")
    assert response.status_code == 200
    tables = [
        q["sql"].split(" FROM ", 1)[1].split()[0] for q in queries.captured_queries
    ]
    assert tables[:2] == ['"django_session"', '"accounts_user"']
    # The menu's role facts come from the cache (network_get_current reads the
    # network, absent in this test, and the bell counts unread notifications).
    assert '"network_bodymembership"' not in tables
    assert '"network_technician"' not in tables
    assert len(tables) <= 4


def test_the_menu_of_a_person_follows_their_roles_between_requests(
    client_for, secretariat_body
):
    from teixit.network.tests.factories import BodyMembershipFactory

    user = UserFactory()
    client = client_for(user)
    assert "nav-group-manage" not in client.get("/credits/").content.decode()
    seat = BodyMembershipFactory(user=user, body=secretariat_body)
    assert "nav-group-manage" in client.get("/credits/").content.decode()
    seat.delete()
    assert "nav-group-manage" not in client.get("/credits/").content.decode()


# What the language switcher held before the language_options tag.
SWITCHER = """{% load i18n %}{% get_current_language as LANGUAGE_CODE %}
{% get_available_languages as LANGUAGES %}
{% get_language_info_list for LANGUAGES as languages %}
<form action="{% url 'set_language' %}">
  <select name="language" id="language-select">
    {% for language in languages %}
      <option value="{{ language.code }}" lang="{{ language.code }}" {% if language.code == LANGUAGE_CODE %}selected{% endif %}>{{ language.name_local|capfirst }}</option>
    {% endfor %}
  </select>
</form>"""


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_frames_tags_write_what_djangos_tags_wrote(language):
    engine = engines["django"]
    before = engine.from_string(SWITCHER)
    loop = SWITCHER[SWITCHER.index("{% for") : SWITCHER.index("{% endfor %}") + 12]
    after = engine.from_string(
        SWITCHER.replace("{% load i18n %}", "{% load i18n teixit %}")
        .replace("{% url 'set_language' %}", "{% frame_url 'set_language' %}")
        .replace(loop, "{% language_options %}")
    )
    with translation.override(language):
        expected = before.render({})
        assert f'lang="{language}" selected>' in expected
        assert expected.count("<option") == 3
        assert after.render({}) == expected
        # Reused from then on, still the same.
        assert after.render({}) == expected


@pytest.mark.parametrize(
    "url_name",
    ["home:home", "accounts:login", "core:credits", "search:search", "set_language"],
)
def test_frame_url_is_the_url_of_the_current_language(url_name):
    from django.urls import reverse

    tag = engines["django"].from_string("{% load teixit %}{% frame_url name %}")
    for language in ("ca", "es", "ca"):
        with translation.override(language):
            assert tag.render({"name": url_name}) == reverse(url_name)
    with translation.override("es"):
        assert tag.render({"name": "home:home"}).startswith("/es/")


def test_frame_url_of_a_url_not_installed_is_empty():
    engine = engines["django"]
    tag = engine.from_string(
        "{% load teixit %}{% frame_url 'nowhere:page' as url %}[{{ url }}]"
        "[{% frame_url 'nowhere:page' %}]"
    )
    assert tag.render({}) == "[][]"


def test_the_menu_shows_the_label_an_item_is_registered_again_with(
    registered_user,
):
    from teixit.core import navigation

    engine = engines["django"]
    tag = engine.from_string("{% load teixit %}{% main_menu %}")
    request = RequestFactory().get("/")
    request.user = registered_user
    key = "knowledge:practices:list"
    saved = navigation._ITEMS[key]
    with translation.override("ca"):
        first = tag.render({"main_navigation": main_navigation(request)})
        assert ">Pràctiques</a>" in first
        try:
            navigation.register_nav_item("knowledge", "practices:list", "Other label")
            again = tag.render({"main_navigation": main_navigation(request)})
            assert ">Other label</a>" in again
            assert ">Pràctiques</a>" not in again
        finally:
            navigation.register_nav_item(
                saved.group, saved.url_name, saved.label, perm=saved.perm
            )
        assert tag.render({"main_navigation": main_navigation(request)}) == first


def test_the_bench_frame_page_is_the_sites_frame_with_nothing_in_it(client, settings):
    settings.ROOT_URLCONF = "bench.urls_bench"
    response = client.get("/bench/frame/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="language-switcher"' in html
    assert 'class="site-footer"' in html
