from django.conf import settings
from django.shortcuts import render
from django.views.generic import TemplateView

from teixit.core.reference_files import reference_sources


class CreditsView(TemplateView):
    """Who published the reference data Teixit ships, under which licence."""

    template_name = "core/credits.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sources"] = reference_sources()
        context["tile_attribution"] = settings.TEIXIT_MAP_TILE_ATTRIBUTION
        return context


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may come from it.
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))


# Folders of MEDIA_ROOT anyone may read (the network's logo). Everything else
# (`private/`, and anything unforeseen) is served only by views that check
# permissions; production's web server publishes the same folders only
# (docs/deploy.md).
PUBLIC_MEDIA_FOLDERS = ("network",)


def public_media(request, path: str):
    """Development only (DEBUG): the public media folders, as the production
    web server serves them; 404 for every other path of the media folder."""
    import posixpath

    from django.conf import settings
    from django.http import Http404
    from django.views.static import serve

    clean = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    if clean.split("/", 1)[0] not in PUBLIC_MEDIA_FOLDERS or "/" not in clean:
        raise Http404
    response = serve(request, clean, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
