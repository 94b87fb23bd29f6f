from datetime import date, datetime

from ninja import Schema

from teixit.core.api import absolute_url as _absolute


class ConceptRef(Schema):
    code: str
    label: str


class PracticeListOut(Schema):
    id: int
    title: str
    summary: str
    outcome: str
    scope: str
    language: str
    visibility: str
    territory: str
    member_slug: str | None
    themes: list[ConceptRef]
    start_on: date | None
    end_on: date | None
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_territory(obj) -> str:
        return obj.territory_label

    @staticmethod
    def resolve_member_slug(obj) -> str | None:
        return obj.member.slug if obj.member_id else None

    @staticmethod
    def resolve_themes(obj) -> list[dict]:
        return [{"code": c.code, "label": c.label} for c in obj.themes.all()]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class DocumentOut(Schema):
    title: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_title(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class LinkOut(Schema):
    url: str
    title: str


class PracticeOut(PracticeListOut):
    context: str
    actions: str
    resources: str
    budget: float | None
    results: str
    enabling_factors: str
    difficulties: str
    lessons: str
    transferability: str
    place: str
    country: str
    documents: list[DocumentOut]
    links: list[LinkOut]
    replicated_in: list[int]

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())

    @staticmethod
    def resolve_links(obj) -> list:
        return list(obj.links.all())

    @staticmethod
    def resolve_replicated_in(obj) -> list[int]:
        return getattr(obj, "visible_replications", [])
