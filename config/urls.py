import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from teixit.core.api import api_not_found

from .api import api

APP_URLS = [
    "network",
    "territories",
    "vocabulary",
    "workplans",
    "entities",
    "maps",
    "diagnosis",
    "practices",
    "materials",
    "municipal_services",
    "trainings",
    "experts",
    "competences",
    "events",
    "search",
    "notifications",
    "debates",
    "needs",
    "recognitions",
    "funding",
    "directory",
    "documents",
    "news",
    "visits",
    "wiki",
    "home",
]

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under /api/: the API's JSON 404, not the HTML page.
    re_path(r"^api/", api_not_found),
    # Murmurations profiles: stable addresses, the same in every language.
    path("", include("teixit.murmurations.urls")),
    # The map's data (outlines): the same in every language, one address.
    path("", include("teixit.maps.data_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("teixit.accounts.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    *[path("", include(f"teixit.{app}.urls")) for app in APP_URLS],
    path("", include("teixit.core.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Only the public media folders (the network's logo), as in production:
    # private files are served by views that check permissions, never here.
    from teixit.core.views import public_media

    urlpatterns += [
        re_path(
            "^" + re.escape(settings.MEDIA_URL.lstrip("/")) + "(?P<path>.*)$",
            public_media,
            name="public_media",
        )
    ]

handler400 = "teixit.core.views.bad_request"
handler403 = "teixit.core.views.permission_denied"
handler404 = "teixit.core.views.page_not_found"
handler500 = "teixit.core.views.server_error"
