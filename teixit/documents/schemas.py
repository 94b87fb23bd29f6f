from datetime import date, datetime

from ninja import Schema

from teixit.core.api import absolute_url


class VersionOut(Schema):
    number: int
    title: str
    text: str
    approved_by: str
    approved_on: date
    pdf_url: str

    @staticmethod
    def resolve_approved_by(obj) -> str:
        return obj.approved_by_body.name

    @staticmethod
    def resolve_pdf_url(obj, context) -> str:
        from django.urls import reverse

        return absolute_url(
            context,
            reverse(
                "documents:pdf",
                kwargs={"slug": obj.document.slug, "number": obj.number},
            ),
        )


class DocumentOut(Schema):
    id: int
    title: str
    slug: str
    kind: str
    language: str
    summary: str
    translation_of: str | None
    published_at: datetime | None
    url: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_translation_of(obj) -> str | None:
        return obj.translation_of.slug if obj.translation_of_id else None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_public_url())

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(obj.versions.all())
