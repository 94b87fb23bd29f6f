from django.http import Http404
from django.views.generic import DetailView

from .models import Municipality
from .selectors import municipality_get


class MunicipalityDetailView(DetailView):
    """A public page with a municipality's reference data and population."""

    template_name = "territories/municipality_detail.html"
    context_object_name = "municipality"

    def get_object(self, queryset=None):
        try:
            return municipality_get(self.kwargs["code"])
        except Municipality.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["populations"] = sorted(
            self.object.populations.all(), key=lambda p: p.year, reverse=True
        )
        return context


def municipality_suggest(request):
    """The options of the municipality combobox (territories/forms.py): an
    HTML fragment of at most ten `<li role="option">`, public like the
    reference data it lists."""
    from django.shortcuts import render

    from .forms import municipality_label
    from .selectors import municipality_suggest as suggest

    query = request.GET.get("q", "")[:100]
    options = [
        {"label": municipality_label(m), "comarca": m.comarca, "code": m.code}
        for m in suggest(query)
    ]
    response = render(
        request,
        "territories/partials/_municipality_options.html",
        {"options": options, "query": query},
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
