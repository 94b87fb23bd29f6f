import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.generic import TemplateView

from .linked_data import concept_jsonld, public_base_url
from .models import Concept
from .selectors import glossary, glossary_whole


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
        schemes, groups = glossary_whole()
        if scheme and scheme not in {s.code for s in schemes}:
            scheme = ""
        if q or scheme:
            groups = glossary(q=q, scheme=scheme or None)
        context.update(
            q=q,
            scheme=scheme,
            schemes=schemes,
            groups=groups,
            total=sum(len(group["concepts"]) for group in groups),
        )
        return context


JSONLD_TYPES = ("application/ld+json", "application/json")


def concept_detail(request, scheme: str, code: str):
    """The resolvable IRI of a concept: JSON-LD (SKOS) when the client asks
    for it (Accept: application/ld+json, or ?format=jsonld), else HTML."""
    concept = get_object_or_404(
        Concept.objects.select_related("scheme", "broader__scheme"),
        scheme__code=scheme,
        code=code,
    )
    data = concept_jsonld(concept, public_base_url(request))
    accept = request.headers.get("Accept", "")
    wants_jsonld = request.GET.get("format") == "jsonld" or any(
        kind in accept for kind in JSONLD_TYPES
    )
    if wants_jsonld:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/ld+json; charset=utf-8",
        )
    else:
        response = render(
            request,
            "vocabulary/concept_detail.html",
            {"concept": concept, "iri": data["@id"]},
        )
    patch_vary_headers(response, ["Accept"])
    return response
