"""Issue 12.7: the admin shows no English to a Catalan (or Spanish) user.

A member of the secretariat (staff, not superuser) and the administrator
browse the admin in Catalan: the index, every changelist it links to, and the
change history of a record. Django's own admin strings come from Django's
catalogue; what is checked here are the words of the apps: ours and the
third-party ones (django-axes, django-tasks-db, django-simple-history), whose
Catalan lives in core's catalogue (teixit/core/third_party.py).
"""

import re
from html import unescape
from http import HTTPStatus

import pytest
from django.conf import settings

from teixit.entities.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

# English words of app, model, field, filter and action labels; none of them is
# Catalan or Spanish.
ENGLISH = re.compile(
    r"\b(Add|Change|Changed|Created|Deleted|Groups|Users|Access|attempts?|"
    r"Attempt|Task|Tasks|Results?|Database|Backend|Axes|Locked|Logins?|"
    r"Address|Expires|Logout|Enqueued|Queue|Priority|Status|Path|"
    r"History|Revert|Object|Comment|Changes|entry|entries|Save|Search|"
    r"Filter|Delete|Name|Date|Time|Username|Successful|Ready|Running|Failed)\b"
)


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return " ".join(unescape(html).split())


def _english_in(client, path: str) -> list[str]:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ca")
    assert response.status_code == HTTPStatus.OK, path
    text = _visible_text(response.content.decode())
    return sorted(set(ENGLISH.findall(text)))


def _changelists(client) -> list[str]:
    html = client.get(f"/{settings.ADMIN_URL}", HTTP_ACCEPT_LANGUAGE="ca")
    links = re.findall(
        rf'href="(/{re.escape(settings.ADMIN_URL)}[a-z_]+/[a-z_]+/)"',
        html.content.decode(),
    )
    return sorted(set(links))


@pytest.mark.parametrize("who", ["secretariat_user", "superuser"])
def test_admin_index_and_changelists_show_no_english(request, client_for, who):
    client = client_for(request.getfixturevalue(who))
    changelists = _changelists(client)
    # The crawl reaches the third-party apps too.
    if who == "superuser":
        assert f"/{settings.ADMIN_URL}axes/accessattempt/" in changelists
        assert (
            f"/{settings.ADMIN_URL}django_tasks_database/dbtaskresult/" in changelists
        )
    assert len(changelists) > 20
    found = {
        path: words
        for path in [f"/{settings.ADMIN_URL}", *changelists]
        if (words := _english_in(client, path))
    }
    assert not found, found


def test_admin_app_names_of_third_party_apps_are_translated(client_for, superuser):
    text = _visible_text(
        client_for(superuser)
        .get(f"/{settings.ADMIN_URL}", HTTP_ACCEPT_LANGUAGE="ca")
        .content.decode()
    )
    assert "Intents d'inici de sessió" in text
    assert "Tasques en segon pla" in text
    assert "Resultats de les tasques" in text


def test_change_history_shows_no_english(client_for, superuser):
    """The admin's history page of a record (django-simple-history), and the
    kind of each change ("Changed" was English on the entity page)."""
    entity = EntityFactory()
    entity.name = "Un altre nom"
    entity.save()
    client = client_for(superuser)
    path = f"/{settings.ADMIN_URL}entities/entity/{entity.pk}/history/"
    assert _english_in(client, path) == []
    text = _visible_text(client.get(path, HTTP_ACCEPT_LANGUAGE="ca").content.decode())
    assert "Modificat" in text and "Creat" in text
