from django.utils import translation
from ninja import Schema

from teixit.core.translation import LANGUAGE_CODES, translated


def api_language(context) -> str:
    """The language of an API answer: `?lang=`, else the Accept-Language
    header (or language cookie), else Catalan."""
    request = context["request"]
    cached = getattr(request, "_vocabulary_language", None)
    if cached is None:
        wanted = request.GET.get("lang", "")[:2]
        cached = (
            wanted
            if wanted in LANGUAGE_CODES
            else translation.get_language_from_request(request)[:2]
        )
        request._vocabulary_language = cached
    return cached


class SchemeOut(Schema):
    code: str
    label: str
    label_ca: str
    label_es: str
    label_en: str
    definition: str
    uri: str
    source: str
    concept_count: int

    @staticmethod
    def resolve_label(obj, context) -> str:
        return translated(obj, "label", api_language(context))

    @staticmethod
    def resolve_definition(obj, context) -> str:
        return translated(obj, "definition", api_language(context))


class ConceptOut(Schema):
    scheme: str
    code: str
    label: str
    label_ca: str
    label_es: str
    label_en: str
    definition: str
    definition_ca: str
    definition_es: str
    definition_en: str
    broader: str | None
    uri: str
    essglobal_uri: str
    url: str

    @staticmethod
    def resolve_label(obj, context) -> str:
        return translated(obj, "label", api_language(context))

    @staticmethod
    def resolve_definition(obj, context) -> str:
        return translated(obj, "definition", api_language(context))

    @staticmethod
    def resolve_scheme(obj) -> str:
        return obj.scheme.code

    @staticmethod
    def resolve_broader(obj) -> str | None:
        return obj.broader.code if obj.broader_id else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()
