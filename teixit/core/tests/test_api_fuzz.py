"""Fuzzing the JSON API from its OpenAPI document with schemathesis.

Every operation gets examples generated from its schema, sent anonymously and
with a personal token of a secretariat member; the run fails on any 5xx and on
any answer that does not match the documented responses (status, content
type, body schema). It is bounded so it runs in the suite, on SQLite and on
PostgreSQL: a fixed seed (`derandomize`: the same examples on every run, so a
failure reproduces), schemathesis's deterministic boundary cases (huge
`limit`/`offset`, nulls, empty strings, non-integer ids, lists as bodies) plus a
few random examples per operation; raise `TEIXIT_FUZZ_EXAMPLES` for a longer
run. The database holds only the token's user, so most ids are 404s: the run
checks input handling, not the data.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("TEIXIT_FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go straight to the WSGI handler, whose end-of-request signal
    would close the database connection and its test transaction (PostgreSQL);
    Django's own test client disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "token"])
def auth_headers(request, db):
    if request.param == "anonymous":
        return {}
    from teixit.accounts.services import api_token_create

    user = request.getfixturevalue("secretariat_user")
    _token, raw = api_token_create(user=user, name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_errors_on_input_its_schema_allows(case, auth_headers):
    case.call_and_validate(headers=auth_headers, checks=CHECKS)
