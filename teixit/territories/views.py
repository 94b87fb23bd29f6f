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
