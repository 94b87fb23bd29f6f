"""Search that answers: no results are said with the query and suggestions;
snippets show the searched words highlighted."""

from http import HTTPStatus

import pytest

from teixit.search.templatetags.search_tags import highlight

pytestmark = pytest.mark.django_db


def test_highlight_marks_words_in_any_case_and_accent():
    html = highlight("Una cooperativa d'Energia <b>neta</b>", "energia COOPERATIVA")
    assert "<mark>cooperativa</mark>" in html
    assert "<mark>Energia</mark>" in html
    assert "&lt;b&gt;neta&lt;/b&gt;" in html  # the text stays escaped
    assert "<mark>Lliçó</mark>" in highlight("Una Lliçó apresa", "llico")


def test_highlight_ignores_short_words():
    assert "<mark>" not in highlight("De la plaça", "de la")


def test_no_results_repeat_the_query_and_suggest(client):
    response = client.get("/search/", {"q": "zzxxqq"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'id="search-empty"' in html
    assert "zzxxqq" in html
    assert "/glossary/?q=zzxxqq" in html
    assert "/map/?q=zzxxqq" in html
