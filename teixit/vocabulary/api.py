"""JSON API of the shared vocabulary: public reads of schemes and concepts,
labels and definitions in the language of `Accept-Language` (and all three)."""

from django.http import Http404
from ninja import Router
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination

from .models import ConceptScheme
from .schemas import ConceptOut, SchemeOut
from .selectors import concept_search, concepts_in, scheme_get, scheme_list

router = Router(tags=["vocabulary"])


@router.get(
    "/vocabulary/schemes/",
    response={200: list[SchemeOut], **ERROR_RESPONSES},
    operation_id="vocabulary_schemes_list",
    summary="List the concept schemes",
    auth=optional_user,
)
def list_schemes(request):
    return scheme_list()


@router.get(
    "/vocabulary/schemes/{code}/concepts/",
    response={200: list[ConceptOut], **ERROR_RESPONSES},
    operation_id="vocabulary_scheme_concepts_list",
    summary="List the concepts of one scheme, in order",
    auth=optional_user,
)
def list_scheme_concepts(request, code: str):
    try:
        scheme_get(code)
    except ConceptScheme.DoesNotExist:
        raise Http404 from None
    return concepts_in(code)


@router.get(
    "/vocabulary/concepts/",
    response={200: list[ConceptOut], **ERROR_RESPONSES},
    operation_id="vocabulary_concepts_search",
    summary="Search concepts by text (any case, with or without accents) and scheme",
    description="Labels and definitions come in the language of `?lang=` (ca, es, en) or of the Accept-Language header.",
    auth=optional_user,
)
@paginate(Pagination)
def search_concepts(request, q: str | None = None, scheme: str | None = None):
    return concept_search(q=q, scheme=scheme)
