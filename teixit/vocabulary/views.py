from django.views.generic import TemplateView

from .selectors import glossary, scheme_list


class GlossaryView(TemplateView):
    """The public glossary: every scheme and its terms, searchable and
    filterable; htmx requests get only the results fragment."""

    template_name = "vocabulary/glossary.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["vocabulary/glossary.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:200]
        scheme = self.request.GET.get("scheme", "").strip()[:64]
        schemes = scheme_list()
        if scheme and scheme not in {s.code for s in schemes}:
            scheme = ""
        groups = glossary(q=q, scheme=scheme or None)
        context.update(
            q=q,
            scheme=scheme,
            schemes=schemes,
            groups=groups,
            total=sum(len(group["concepts"]) for group in groups),
        )
        return context
