"""Murmurations profiles and their index: public JSON, read-only.

A profile that is not public (an entity not published, a member that left)
answers 404, as its page does."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from teixit.vocabulary.linked_data import public_base_url

from . import selectors

JSON_TYPE = "application/json"


def _answer(profile: dict | None) -> JsonResponse:
    if profile is None:
        raise Http404
    response = JsonResponse(profile, json_dumps_params={"ensure_ascii": False})
    # Aggregators on other sites read profiles from their browsers too.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def profile_index(request):
    """Every profile's address, for the Murmurations index and aggregators."""
    response = StreamingHttpResponse(
        selectors.profile_index_chunks(base_url=public_base_url(request)),
        content_type=JSON_TYPE,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def network_profile(request):
    return _answer(selectors.network_profile(base_url=public_base_url(request)))


@require_safe
def member_profile(request, slug: str):
    return _answer(
        selectors.member_profile(slug=slug, base_url=public_base_url(request))
    )


@require_safe
def entity_profile(request, pk: int):
    return _answer(selectors.entity_profile(pk=pk, base_url=public_base_url(request)))
