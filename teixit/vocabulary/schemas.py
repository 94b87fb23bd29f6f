from ninja import Schema


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
    def resolve_scheme(obj) -> str:
        return obj.scheme.code

    @staticmethod
    def resolve_broader(obj) -> str | None:
        return obj.broader.code if obj.broader_id else None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()
