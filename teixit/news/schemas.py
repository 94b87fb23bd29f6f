from datetime import datetime

from ninja import Schema

from teixit.core.api import absolute_url


class NewsOut(Schema):
    id: int
    title: str
    slug: str
    summary: str
    body: str
    language: str
    themes: list[str]
    image_url: str | None
    image_alt: str
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [concept.code for concept in obj.themes.all()]

    @staticmethod
    def resolve_image_url(obj, context) -> str | None:
        if not obj.image:
            return None
        return absolute_url(context, obj.get_absolute_url() + "image/")

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())
