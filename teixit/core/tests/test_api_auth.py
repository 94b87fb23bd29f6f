"""Unauthenticated API writes answer the documented 401 in the one error shape,
never "403 CSRF check failed" (issue 10, point 11)."""

from http import HTTPStatus

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _write_operations():
    from config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
                yield method, path, operation


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer tx_not-a-token"}])
def test_every_unauthenticated_api_write_answers_401(headers):
    import re

    operations = list(_write_operations())
    assert operations
    client = Client(enforce_csrf_checks=True)
    for method, path, operation in operations:
        url = re.sub(r"\{[^}]+\}", "1", path)
        response = getattr(client, method)(
            url, data="{}", content_type="application/json", headers=headers
        )
        assert response.status_code == HTTPStatus.UNAUTHORIZED, (
            operation["operationId"],
            response.content,
        )
        assert response.json()["code"] == "not_authenticated"


def test_a_logged_in_session_still_needs_the_csrf_token(registered_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(registered_user)
    response = client.post(
        "/api/v1/entities/", data="{}", content_type="application/json"
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
