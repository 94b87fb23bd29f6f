from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

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
    "search",
    "notifications",
    "debates",
]

urlpatterns = [
    path("api/v1/", api.urls),
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
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "teixit.core.views.bad_request"
handler403 = "teixit.core.views.permission_denied"
handler404 = "teixit.core.views.page_not_found"
handler500 = "teixit.core.views.server_error"
