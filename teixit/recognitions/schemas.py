from datetime import date

from ninja import Schema

from teixit.core.api import absolute_url


class RecognitionOut(Schema):
    id: int
    code: str
    kind: str
    name: str
    granted_by: str
    description: str
    requirements: str
    for_entities: bool
    for_municipalities: bool
    themes: list[str]
    opens_on: date | None
    deadline: date | None
    link: str
    url: str

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [c.code for c in obj.themes.all()]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class HolderOut(Schema):
    entity_id: int
    name: str
    year: int | None
    valid_until: date | None


class RecognitionDetailOut(RecognitionOut):
    holders: list[HolderOut]

    @staticmethod
    def resolve_holders(obj) -> list:
        return getattr(obj, "holders_out", [])
