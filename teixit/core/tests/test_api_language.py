from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def test_api_errors_follow_accept_language(client):
    spanish = client.get("/api/v1/members/no-such-member/", HTTP_ACCEPT_LANGUAGE="es")
    catalan = client.get("/api/v1/members/no-such-member/", HTTP_ACCEPT_LANGUAGE="ca")
    assert spanish.status_code == catalan.status_code == HTTPStatus.NOT_FOUND
    assert spanish.json()["detail"] != catalan.json()["detail"]


def test_api_lang_parameter_wins_over_the_header(client):
    by_param = client.get(
        "/api/v1/members/no-such-member/?lang=en", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert by_param.json()["detail"] == "Not found."
