from django.core.paginator import Paginator
from django.shortcuts import render

from teixit.core.htmx import template_for

from .forms import SearchForm
from .registry import type_label
from .selectors import SearchFilters, search_documents

PAGE_SIZE = 20


def search(request):
    """One search across practices, materials, trainings, services and experts."""
    form = SearchForm(request.GET or None)
    filters = SearchFilters()
    if form.is_bound and form.is_valid():
        filters = SearchFilters(**form.cleaned_data)
    page = None
    more = False
    if not filters.is_empty:
        results = search_documents(user=request.user, filters=filters)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        for doc in page.object_list:
            doc.type_label = type_label(doc.type)
        # More matches than the ranked ones (selectors.RESULT_CAP).
        more = getattr(results, "more", False)
    # An empty Page is falsy in a template: `searched` says a search was made.
    context = {
        "form": form,
        "page_obj": page,
        "filters": filters,
        "searched": page is not None,
        "more": more,
    }
    return render(
        request, template_for(request, "search/search.html", "results"), context
    )
