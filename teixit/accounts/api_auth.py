"""How the JSON API knows who calls: a personal token or the browser session.

Endpoints name one of these as their `auth`:

- `optional_user` for reads: public, and a bearer token, when given,
  identifies the user (a bad one is a 401);
- `token_or_session` for writes: a personal token, or the logged-in browser
  session with its CSRF check (`teixit.core.api.session_auth`).

The tokens themselves are `ApiToken` rows, created on the profile page
(`teixit.accounts.services.api_token_create`).
"""

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from teixit.core.api import session_auth

from .services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal token>` (created on the profile page)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# For write endpoints: a personal token, or the browser session (with CSRF).
token_or_session = [TokenAuth(), session_auth]


def optional_user(request: HttpRequest):
    """Read endpoints are public; a bearer token, when given, identifies the user."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = TokenAuth().authenticate(request, header.split(" ", 1)[1].strip())
        if user is None:
            raise AuthenticationError()
    return request.user
