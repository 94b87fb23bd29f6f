"""The site's middlewares: the Content-Security-Policy (pages load scripts, styles and fonts
only from this site), the API's language, answers the same for everyone, and Django's
authentication and messages without a reference cycle through the request."""

import weakref
from functools import partial

from django.conf import settings
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as _DjangoAuthenticationMiddleware,
)
from django.contrib.auth.middleware import auser as _django_auser
from django.contrib.auth.middleware import get_user as _django_get_user
from django.contrib.messages.middleware import (
    MessageMiddleware as _DjangoMessageMiddleware,
)
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject


def _tile_origin() -> str:
    url = getattr(settings, "TEIXIT_MAP_TILE_URL", "")
    if "://" not in url:
        return ""
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0].replace("{s}.", "*.")
    return f"{scheme}://{host}"


class ContentSecurityPolicyMiddleware:
    """Adds a strict Content-Security-Policy header to every HTML response.

    No inline scripts are allowed; images may come from the configured map tile
    server. Pages under /embed/ may be framed by other sites (members' websites).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        tiles = _tile_origin()
        img = "'self' data: blob:" + (f" {tiles}" if tiles else "")
        self.base = (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith("/embed/") or "/embed/" in request.path[:10]:
                policy = self.base + "; frame-ancestors *"
            elif request.path.startswith("/api/") and request.path.endswith("/docs"):
                # The OpenAPI docs page (Swagger UI served by django-ninja from
                # its own static files, no inline script) sets inline styles.
                policy = self.base.replace(
                    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
                )
                policy += "; frame-ancestors 'self'"
            elif "/admin/" in request.path:
                # Django's admin widgets set a few inline style attributes.
                policy = self.base.replace(
                    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
                )
                policy += "; frame-ancestors 'self'"
            else:
                policy = self.base + "; frame-ancestors 'self'"
            response["Content-Security-Policy"] = policy
        return response


class ApiLanguageMiddleware:
    """The API is not under a language prefix: it answers in the language of the
    `Accept-Language` header (or `?lang=`), not the site's default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        if request.path.startswith("/api/"):
            lang = request.GET.get("lang", "")[:2]
            supported = {code for code, _name in settings.LANGUAGES}
            if lang not in supported:
                lang = translation.get_language_from_request(request, check_path=False)
            translation.activate(lang)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def public_data(view):
    """Mark a view's answers as the same for every visitor, whatever their
    language or session (data, not pages): `PublicDataMiddleware` then drops
    what the locale and session middlewares add to every answer outside the
    language prefixes (`Vary: Accept-Language, Cookie`, `Content-Language`),
    so browsers and shared caches keep one copy for everyone."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_data = True
        return response

    return wrapper


class PublicDataMiddleware:
    """Listed before the session and locale middlewares (so it sees the answer
    after them): for answers of `public_data` views, no `Accept-Language` in
    `Vary` and no `Content-Language`; no `Cookie` in `Vary` either, unless the
    answer sets a cookie (the session's, renewed for a logged-in visitor):
    then it stays as it is, never stored by a shared cache for others."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(response, "public_data", False):
            return response
        dropped = (
            {"accept-language"} if response.cookies else {"accept-language", "cookie"}
        )
        if response.has_header("Vary"):
            vary = [
                field.strip()
                for field in response["Vary"].split(",")
                if field.strip() and field.strip().lower() not in dropped
            ]
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]
        if response.has_header("Content-Language"):
            del response["Content-Language"]
        return response


# -- the request without reference cycles ------------------------------------------
#
# Django's authentication middleware gives the request a lazy `user` whose
# function holds the request, and an `auser` partial holding it too; the
# messages middleware gives it a storage that holds it. Each is a reference
# cycle, so every request — its environ, session, user, messages and what
# they hold — outlived its answer until Python's collector found it, and the
# young-generation collections (~12 ms each, every few dozen requests) landed
# in whichever request came then. The two middlewares below are Django's,
# the request held weakly.


def _lazy_user(request_ref):
    request = request_ref()
    if request is None:
        raise RuntimeError("request.user read after its request was gone")
    return _django_get_user(request)


async def _lazy_auser(request_ref):
    request = request_ref()
    if request is None:
        raise RuntimeError("request.auser() called after its request was gone")
    return await _django_auser(request)


class AuthenticationMiddleware(_DjangoAuthenticationMiddleware):
    """Django's `AuthenticationMiddleware`, holding the request weakly."""

    def process_request(self, request):
        if not hasattr(request, "session"):
            super().process_request(request)  # Django's ImproperlyConfigured
        request_ref = weakref.ref(request)
        request.user = SimpleLazyObject(partial(_lazy_user, request_ref))
        request.auser = partial(_lazy_auser, request_ref)


class MessageMiddleware(_DjangoMessageMiddleware):
    """Django's `MessageMiddleware`, its storage holding the request weakly."""

    def process_request(self, request):
        request._messages = default_storage(weakref.proxy(request))
