from ninja import Schema

from teixit.core.api import absolute_url


class ConceptRef(Schema):
    code: str
    label: str


class LinkOut(Schema):
    format: str
    label: str
    url: str


class DirectoryEntryOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    kind_label: str
    scope: str
    description: str
    themes: list[ConceptRef]
    comarques: list[str]
    municipality: str | None
    place: str
    website: str
    email: str
    phone: str
    open_data: list[LinkOut]
    url: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_themes(obj) -> list[dict]:
        return [{"code": c.code, "label": c.label} for c in obj.themes.all()]

    @staticmethod
    def resolve_comarques(obj) -> list[str]:
        return [c.code for c in obj.comarques.all()]

    @staticmethod
    def resolve_municipality(obj) -> str | None:
        return obj.municipality.code if obj.municipality_id else None

    @staticmethod
    def resolve_open_data(obj, context) -> list[dict]:
        from .selectors import network_open_data_links

        if not obj.is_this_network:
            return []
        return [
            {**link, "url": absolute_url(context, link["url"])}
            for link in network_open_data_links()
        ]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())
