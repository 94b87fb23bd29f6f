"""Shared pieces of the JSON API: authentication, the one error shape, absolute
links in schemas."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth


class ErrorOut(Schema):
    """Every error answered by the API has this shape."""

    status: int
    code: str
    detail: str
    errors: dict[str, list[str]] | None = None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal token>` (created on the profile page)."""

    def authenticate(self, request: HttpRequest, token: str):
        from teixit.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The browser session, for the API used from the site's own pages; its
    CSRF check applies only to a logged-in session. A request without one
    (a program without a token, or with a bad one) is simply not authenticated
    by it: 401, as documented, rather than "403 CSRF check failed"."""

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


session_auth = SessionAuth()

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


def _error_field(loc) -> str:
    """The field an input error is about: ("body", "payload", "start_on") →
    "start_on", ("query", "page") → "page"; "__all__" for the whole input."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "form", "file"):
        # Body fields come wrapped in the endpoint's parameter name.
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in ("query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def error_body(status: int, code: str, detail: str, errors: dict | None = None) -> dict:
    return {"status": status, "code": code, "detail": str(detail), "errors": errors}


def install_error_handlers(api) -> None:
    """Map exceptions to the one error shape: 400, 401, 403, 404."""

    @api.exception_handler(ValidationError)
    def django_validation(request, exc: ValidationError):
        errors = None
        if hasattr(exc, "error_dict"):
            errors = {
                field: [str(m) for m in msgs]
                for field, msgs in exc.message_dict.items()
            }
            detail = _("The data sent is not valid.")
        else:
            detail = " ".join(str(m) for m in exc.messages)
        code = getattr(exc, "code", None) or "invalid"
        return api.create_response(
            request, error_body(400, code, detail, errors), status=400
        )

    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            errors.setdefault(_error_field(err.get("loc", ())), []).append(
                err.get("msg", "")
            )
        return api.create_response(
            request,
            error_body(400, "invalid", _("The data sent is not valid."), errors),
            status=400,
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request,
            error_body(
                401,
                "not_authenticated",
                _("Authentication is required: send a valid personal API token."),
            ),
            status=401,
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = str(exc) or _("You do not have permission to do this.")
        return api.create_response(
            request, error_body(403, "permission_denied", detail), status=403
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(
            request, error_body(404, "not_found", _("Not found.")), status=404
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        code = {
            400: "invalid",
            401: "not_authenticated",
            403: "permission_denied",
            404: "not_found",
        }.get(exc.status_code, "error")
        return api.create_response(
            request, error_body(exc.status_code, code, str(exc)), status=exc.status_code
        )


ERROR_RESPONSES = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def absolute_url(context, path: str) -> str:
    """`path` as an absolute URL of the request a schema is resolved for (the
    path alone outside a request)."""
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path
