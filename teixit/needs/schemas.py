from datetime import datetime

from ninja import Schema

from teixit.core.api import absolute_url


class NeedOut(Schema):
    id: int
    title: str
    description: str
    status: str
    origin: str
    themes: list[str]
    sectors: list[str]
    municipalities: list[str]
    comarques: list[str]
    population_affected: int | None
    population_description: str
    created_at: datetime
    updated_at: datetime
    url: str

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [c.code for c in obj.themes.all()]

    @staticmethod
    def resolve_sectors(obj) -> list[str]:
        return [c.code for c in obj.sectors.all()]

    @staticmethod
    def resolve_municipalities(obj) -> list[str]:
        return [m.code for m in obj.municipalities.all()]

    @staticmethod
    def resolve_comarques(obj) -> list[str]:
        return [c.code for c in obj.comarques.all()]

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class MatchOut(Schema):
    entity_id: int
    name: str
    municipality: str
    latitude: float
    longitude: float
    distance_km: float | None
    in_territory: bool
    sectors: list[str]
    reasons: list[str]
    explanation: str
    website: str
    email: str
    phone: str
    url: str


class NeedDetailOut(NeedOut):
    evidence: str
    matched_entities: list[MatchOut]

    @staticmethod
    def resolve_matched_entities(obj) -> list:
        return getattr(obj, "matched_out", [])
