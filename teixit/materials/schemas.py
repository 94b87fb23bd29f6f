from datetime import date, datetime

from ninja import Schema

from teixit.core.api import absolute_url as _absolute


class ConceptRef(Schema):
    code: str
    label: str


class VersionOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    note: str
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class MaterialListOut(Schema):
    id: int
    title: str
    kind: ConceptRef
    language: str
    licence: str
    visibility: str
    author_member: str | None
    link: str
    published_on: date | None
    themes: list[ConceptRef]
    url: str

    @staticmethod
    def resolve_kind(obj) -> dict:
        return {"code": obj.kind.code, "label": obj.kind.label}

    @staticmethod
    def resolve_author_member(obj) -> str | None:
        return str(obj.author_member) if obj.author_member_id else None

    @staticmethod
    def resolve_link(obj) -> str:
        return obj.url

    @staticmethod
    def resolve_themes(obj) -> list[dict]:
        return [{"code": c.code, "label": c.label} for c in obj.themes.all()]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class MaterialOut(MaterialListOut):
    description: str
    authors: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(obj.versions.all())
