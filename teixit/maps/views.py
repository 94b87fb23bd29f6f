"""Pages of the public map: the map with its filters and list, and the embed."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_safe

from teixit.core.htmx import is_htmx, template_for
from teixit.core.middleware import public_data
from teixit.maps import selectors
from teixit.maps.forms import MapFilterForm

PAGE_SIZE = 20
EMBED_SIZE = {"width": 600, "height": 450}


def _size(request: HttpRequest, name: str) -> int:
    try:
        value = int(request.GET.get(f"embed_{name}", EMBED_SIZE[name]))
    except ValueError:
        value = EMBED_SIZE[name]
    return max(100, min(value, 4000))


def _map_context(request: HttpRequest) -> dict:
    choices = selectors.map_filter_choices(request.GET.get("municipality", ""))
    form = MapFilterForm(request.GET or None, choices=choices)
    params = form.filter_params()
    query_string = urlencode(params, doseq=True)
    # The first clusters come with the page (no request after it); the list
    # alone (htmx) has no map.
    first_view = None if is_htmx(request) else selectors.map_first_view(query_string)
    return {
        "form": form,
        "filter_params": params,
        "filter_query": query_string,
        "total": choices["total"],
        "map_data": {
            "api": reverse("api:maps_features"),
            "outlines": reverse("maps_data:outlines"),
            "tiles": settings.TEIXIT_MAP_TILE_URL,
            "attribution": settings.TEIXIT_MAP_TILE_ATTRIBUTION,
            "query": query_string,
            "center": ",".join(str(v) for v in selectors.FIRST_VIEW_CENTER),
            "zoom": selectors.FIRST_VIEW_ZOOM,
        },
        "first_view": first_view,
    }


def map_page(request: HttpRequest) -> HttpResponse:
    """The public SSE map: filters, the map and the list (its accessible
    equivalent), and the code to embed the map in another website."""
    from teixit.entities.selectors import entity_list_public

    context = _map_context(request)
    # The list shows the municipality's name only: not its boundary (nor its
    # comarca's), tens of KB of JSON each.
    entities = entity_list_public(context["filter_params"]).defer(
        "municipality__boundary", "municipality__comarca__boundary"
    )
    if context["filter_params"].get("label"):
        from teixit.recognitions.selectors import label_holder_condition

        label = context["filter_params"]["label"][0]
        entities = entities.filter(label_holder_condition(label, "pk"))
    paginator = Paginator(entities, PAGE_SIZE)
    if not context["filter_params"]:
        # Unfiltered, the number is the map's own total (its aggregates are
        # kept with the register): no COUNT over a million rows per page view.
        paginator.count = context["total"]
    page = paginator.get_page(request.GET.get("page"))
    embed_url = request.build_absolute_uri(reverse("maps:embed"))
    if context["filter_query"]:
        embed_url += "?" + context["filter_query"]
    context.update(
        {
            "page_obj": page,
            "entities": page.object_list,
            "embed_url": embed_url,
            "embed_width": _size(request, "width"),
            "embed_height": _size(request, "height"),
        }
    )
    return render(request, template_for(request, "maps/map.html", "results"), context)


@xframe_options_exempt
def embed_page(request: HttpRequest) -> HttpResponse:
    """The map alone, for an iframe on members' websites (any site may frame it)."""
    context = _map_context(request)
    full = reverse("maps:map")
    if context["filter_query"]:
        full += "?" + context["filter_query"]
    context["full_map_url"] = request.build_absolute_uri(full)
    return render(request, "maps/embed.html", context)


def _outlines_level(request: HttpRequest) -> str:
    level = request.GET.get("level", "comarques")
    if level not in selectors.OUTLINE_LEVELS:
        raise Http404
    return level


def _outlines_etag(request: HttpRequest) -> str | None:
    try:
        return selectors.map_outlines(_outlines_level(request)).etag
    except Http404:
        return None


@public_data
@gzip_page
@require_safe
@cache_control(public=True, max_age=selectors.OUTLINES_BROWSER_SECONDS)
@condition(etag_func=_outlines_etag)
def outlines(request: HttpRequest) -> HttpResponse:
    """Simplified comarca (`?level=comarques`, the default) or municipality
    (`?level=municipalities`) outlines as GeoJSON: the map's vector base layer,
    drawn when the background tiles cannot be loaded. Public, like the
    territories' reference data. Served at one address outside the language
    prefixes (`maps_data:outlines`) and the same in every language, so
    browsers and caches keep one copy: kept a day, then revalidated by ETag."""
    data = selectors.map_outlines(_outlines_level(request))
    return HttpResponse(data.content, content_type="application/geo+json")


@require_safe
def outlines_moved(request: HttpRequest) -> HttpResponse:
    """The outlines' former addresses, one per language (`/map/…`,
    `/es/map/…`, `/en/map/…`): a permanent redirect to the one address."""
    url = reverse("maps_data:outlines")
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(url)
