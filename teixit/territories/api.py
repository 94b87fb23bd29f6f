"""JSON API of the reference territories: public reads of provinces, comarques
and municipalities (population by year, centroid, boundary on request)."""

from django.http import Http404
from ninja import Router
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination

from .models import Municipality
from .schemas import ComarcaOut, MunicipalityDetailOut, MunicipalityOut, ProvinceOut
from .selectors import comarca_list, municipality_get, municipality_list, province_list

router = Router(tags=["territories"])


@router.get(
    "/territories/provinces/",
    response={200: list[ProvinceOut], **ERROR_RESPONSES},
    operation_id="territories_provinces_list",
    summary="List the provinces",
    auth=optional_user,
)
def list_provinces(request):
    return province_list()


@router.get(
    "/territories/comarques/",
    response={200: list[ComarcaOut], **ERROR_RESPONSES},
    operation_id="territories_comarques_list",
    summary="List the comarques of Catalonia",
    auth=optional_user,
)
def list_comarques(request, province: str | None = None):
    return comarca_list(province=province)


@router.get(
    "/territories/municipalities/",
    response={200: list[MunicipalityOut], **ERROR_RESPONSES},
    operation_id="territories_municipalities_list",
    summary="List municipalities, filtered by comarca, province or text",
    auth=optional_user,
)
@paginate(Pagination)
def list_municipalities(
    request,
    comarca: str | None = None,
    province: str | None = None,
    q: str | None = None,
):
    return municipality_list(comarca=comarca, province=province, q=q)


@router.get(
    "/territories/municipalities/{code}/",
    response={200: MunicipalityDetailOut, **ERROR_RESPONSES},
    operation_id="territories_municipalities_get",
    url_name="territories_municipalities_get",
    summary="One municipality with its population by year (boundary with ?geometry=1)",
    auth=optional_user,
)
def get_municipality(request, code: str, geometry: bool = False):
    try:
        municipality = municipality_get(code)
    except Municipality.DoesNotExist:
        raise Http404 from None
    municipality.include_boundary = geometry
    return municipality
