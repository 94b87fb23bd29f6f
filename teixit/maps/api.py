"""The public map's JSON endpoint: clustered GeoJSON of a viewport."""

from django.http import HttpRequest, JsonResponse
from ninja import Query, Router

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES
from teixit.maps import selectors
from teixit.maps.schemas import MapOut, MapQueryIn

router = Router(tags=["maps"])


@router.get(
    "/map/",
    response={200: MapOut, **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="maps_features",
    url_name="maps_features",
    summary="Published entities of a viewport, clustered by zoom (GeoJSON)",
)
def map_features(request: HttpRequest, params: Query[MapQueryIn]):
    """Features are single entities (`cluster: false`: id, name, url of the
    entity page, `approximate` when it sits at its municipality's centroid) or
    clusters (`cluster: true`: `count`, the `bbox` of its grid cell and the
    `zoom` to show it at). Filter values are codes; repeat a parameter or
    separate values with commas. Unknown codes, a bad bbox or a zoom out of
    range answer 400."""
    box = selectors.parse_bbox(params.bbox)
    zoom = selectors.check_zoom(params.zoom)
    query = selectors.map_query_from_params(request.GET)
    data = selectors.map_features(bbox=box, zoom=zoom, query=query)
    # Built by the selector in the documented shape (MapOut); sent as is,
    # without re-validating hundreds of features on every map move.
    return JsonResponse(data)
