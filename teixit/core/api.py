"""Shared pieces of the JSON API: session authentication, the one error shape (also for
URLs that match no operation), pagination with bounds, input schemas that take
only JSON objects, absolute links in schemas, the JSON writer."""

import json
from functools import cached_property, partial, wraps
from typing import Annotated, Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger, _csrf_needed
from ninja.pagination import LimitOffsetPagination
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.schema import DjangoGetter
from ninja.security import SessionAuth as NinjaSessionAuth
from orjson import (
    OPT_NON_STR_KEYS,
    OPT_PASSTHROUGH_DATACLASS,
    OPT_PASSTHROUGH_DATETIME,
    JSONEncodeError,
)
from orjson import dumps as orjson_dumps
from pydantic import StringConstraints, model_validator

# Lists: `limit` 1..MAX_PAGE_SIZE (default 50), `offset` 0..MAX_OFFSET; values
# out of range are a 400 (docs/api.md).
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
MAX_OFFSET = 1_000_000_000


# Dates, times and dataclasses go to `_to_json_value` (Django's and ninja's
# encoder: "2024-01-02T03:04:05.123Z", a dataclass refused), as with `json.dumps`.
_ORJSON_OPTIONS = (
    OPT_NON_STR_KEYS | OPT_PASSTHROUGH_DATETIME | OPT_PASSTHROUGH_DATACLASS
)
_to_json_value = NinjaJSONEncoder().default


def json_bytes(data: Any) -> bytes:
    """`data` as the API writes JSON: the values `json.dumps(data,
    cls=NinjaJSONEncoder)` wrote, in the same order, written by orjson (a
    compiled encoder, ~15x faster: the 73 KB of a page of 100 entities took
    ~0.6 ms of a request's ~5 ms) without the spaces after separators and with
    text as UTF-8 instead of `\\u` escapes. What orjson cannot write (an
    integer beyond 64 bits, a lone surrogate) is written by `json.dumps` as
    before; NaN and infinities, which `json.dumps` wrote as invalid JSON, are
    null. Tested value for value against `json.dumps`
    (teixit/core/tests/test_api_json.py)."""
    try:
        return orjson_dumps(data, default=_to_json_value, option=_ORJSON_OPTIONS)
    except JSONEncodeError:
        return json.dumps(data, cls=NinjaJSONEncoder).encode()


class FastJSONRenderer(JSONRenderer):
    """ninja's renderer (same media type and charset) writing with `json_bytes`."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json_bytes(data)


class Pagination(LimitOffsetPagination):
    """`limit`/`offset` pagination with documented bounds, used by every list."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"How many items (at most {MAX_PAGE_SIZE})",
        )
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="How many items to skip"
        )


class Mapped:
    """A queryset seen through `out` (a model → dict function), for a paginated
    list: it is counted in the database and only the page's rows are read and
    converted (a list comprehension over the queryset converted every row)."""

    def __init__(self, queryset, out):
        self.queryset, self.out = queryset, out

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.out(obj) for obj in self.queryset[index]]
        return self.out(self.queryset[index])


class Built:
    """A queryset whose page is built in one go by `build` (a list of rows →
    the page's items as plain JSON values): counted in the database, only the
    page's rows read, and whatever the items share (their concepts, their
    links) looked up once for the page rather than once per row. For a list
    under `prebuilt_page`. `counted`: the queryset to count when it is
    cheaper than `queryset` (without the joins the items' values need)."""

    def __init__(self, queryset, build, counted=None):
        self.queryset, self.build = queryset, build
        self.counted = queryset if counted is None else counted

    def __len__(self) -> int:
        return self.counted.count()

    def __getitem__(self, index: slice) -> list:
        rows = list(self.queryset[index])
        return self.build(rows) if rows else []


_URL_PARTS: dict[tuple, tuple[str, str]] = {}


def url_parts(name: str, kwarg: str = "pk") -> tuple[str, str]:
    """The path `reverse(name, kwargs={kwarg: n})` before and after the number
    `n`, from one reverse() per name, language, script prefix and URLconf (the
    paths differ only by the number)."""
    from django.conf import settings
    from django.urls import get_script_prefix, get_urlconf, reverse
    from django.utils.translation import get_language

    key = (
        name,
        kwarg,
        get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
    parts = _URL_PARTS.get(key)
    if parts is None:
        marker = 987654321
        url = reverse(name, kwargs={kwarg: marker})
        if len(_URL_PARTS) >= 256:  # a few names, languages and prefixes: bounded
            _URL_PARTS.clear()
        parts = _URL_PARTS[key] = tuple(url.split(str(marker), 1))
    return parts


def absolute_urls(request, name: str, kwarg: str = "pk"):
    """A function number → `request.build_absolute_uri(reverse(name,
    kwargs={kwarg: number}))`, the same text, for a page of items."""
    head, tail = url_parts(name, kwarg)
    if request is not None:
        head = request.build_absolute_uri(head)
    return lambda number: f"{head}{number}{tail}"


def prebuilt_page(view):
    """Answer a paginated list whose items are already plain JSON values, without
    validating them again against the response schema.

    Put it between the router's decorator and `@paginate(...)`: the OpenAPI
    document, the `limit`/`offset` parameters and their bounds stay those of the
    paginated operation, but the page (`{"items": [...], "count": n}`) is written
    as JSON directly. django-ninja would otherwise build and validate a pydantic
    model per item, which on `GET /api/v1/entities/` cost more than the SQL
    (bench/bench_api_vs_datasette.py). The view must build its items exactly as
    the schema says; its tests check the answer against the schema."""

    @wraps(view)
    def wrapper(request, **kwargs):
        result = view(request, **kwargs)
        if not isinstance(result, dict):
            return result
        return HttpResponse(
            json_bytes(result), content_type="application/json; charset=utf-8"
        )

    return wrapper


class InputSchema(Schema):
    """Base of request bodies: a JSON object, never a list or a scalar (ninja's
    schemas would otherwise read attributes off whatever was sent, so
    `[null, null]` passed as an empty PATCH)."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler, info) -> Any:
        # Replaces ninja's validator of the same name, after a type check.
        if not isinstance(values, dict | Schema):
            raise ValueError(_("The body must be a JSON object."))
        return handler(DjangoGetter(values, cls, info.context))


# A code or a required text: a string with something in it.
NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]


class ErrorOut(Schema):
    """Every error answered by the API has this shape."""

    status: int
    code: str
    detail: str
    errors: dict[str, list[str]] | None = None


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

# Personal API tokens, and the `auth` values endpoints use (`optional_user`,
# `token_or_session`), are in teixit/accounts/api_auth.py.


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

    @api.exception_handler(DataError)
    def nul_character(request, exc: DataError):
        # PostgreSQL cannot store or compare text with a NUL character; psycopg
        # refuses it while preparing the query (nothing was sent or written).
        # Wherever it came from (path, query, body), it is the client's input.
        if "NUL" not in str(exc):
            raise exc
        return api.create_response(
            request,
            error_body(
                400,
                "invalid",
                _("The data sent contains a NUL character, which is not allowed."),
            ),
            status=400,
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


class TeixitAPI(NinjaAPI):
    """The project's NinjaAPI: every operation documents the one error shape
    for 400, 401, 403 and 404 (any request can be refused with them), and
    `openapi.json` is built once per process, language and prefix."""

    def _get_urls(self):
        urls = super()._get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "openapi-json":
                view = partial(openapi_json_once, api=self)
                if self.docs_decorator:
                    view = self.docs_decorator(view)
                urls[index] = path(
                    self.openapi_url.lstrip("/"), view, name="openapi-json"
                )
        return urls

    def openapi_json_bytes(self, path_params: dict) -> bytes:
        """The OpenAPI document as JSON, built on the first request of each
        (language, API prefix) and kept for the life of the process: it
        depends only on the code (routers, schemas) and on the language its
        lazy descriptions are translated into. About 170 KB that took ~250 ms of
        CPU to build and encode on every request (bench/README.md)."""
        from django.utils.translation import get_language

        prefix = self.get_root_path(path_params)
        key = (get_language(), prefix)
        built = self._openapi_json.get(key)
        if built is None:
            schema = self.get_openapi_schema(path_prefix=prefix)
            built = json.dumps(schema, cls=NinjaJSONEncoder).encode()
            self._openapi_json[key] = built
        return built

    @cached_property
    def _openapi_json(self) -> dict:
        return {}

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {
            "description": "Error",
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/ErrorOut"}
                }
            },
        }
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "ErrorOut" not in components:
            components["ErrorOut"] = ErrorOut.model_json_schema()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status in (400, 401, 403, 404):
                    responses.setdefault(status, error)
        return schema


def openapi_json_once(request: HttpRequest, api: TeixitAPI, **kwargs: Any):
    """ninja's `openapi_json` view, answered from `api.openapi_json_bytes`."""
    return HttpResponse(api.openapi_json_bytes(kwargs), content_type="application/json")


@csrf_exempt  # it changes nothing: a POST to a wrong URL is a 404, not a 403
def api_not_found(request, *args, **kwargs):
    """Any URL under the API that matches no operation (an id that is not a
    number, a typo): the JSON 404, not the HTML page. A path missing only its
    final slash is redirected, as Django's APPEND_SLASH would."""
    from django.conf import settings
    from django.http import HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(
                request.get_full_path(force_append_slash=True)
            )
    return JsonResponse(error_body(404, "not_found", _("Not found.")), status=404)


def absolute_url(context, path: str) -> str:
    """`path` as an absolute URL of the request a schema is resolved for (the
    path alone outside a request)."""
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


class SiteFramedSwagger(Swagger):
    """Swagger UI inside the site's own frame (`core/api_docs.html` extends
    `base.html`: header, menu, footer and a way back), with django-ninja's own
    static files: nothing is loaded from other sites."""

    template = "core/api_docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(
            request,
            self.template,
            {
                "swagger_settings": json.dumps(self.settings, indent=1),
                "api": api,
                "add_csrf": _csrf_needed(api),
                "back_url": _back_url(request),
            },
        )


def _back_url(request: HttpRequest) -> str:
    """The page the visitor came from when it is one of this site's, else the
    home page."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        path = urlsplit(referer).path
        if not path.startswith("/api/"):
            return referer
    return "/"
