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
