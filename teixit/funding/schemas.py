from datetime import date
from decimal import Decimal

from ninja import Schema

from teixit.core.api import absolute_url


class ConceptRef(Schema):
    code: str
    label: str


class LineRef(Schema):
    id: int
    title: str
    administration: str
    url: str


class ReasonOut(Schema):
    kind: str
    text: str


class OverlapOut(Schema):
    line: LineRef
    score: int
    reasons: list[ReasonOut]
    start: date
    end: date
    resolved: bool


class FundingLineOut(Schema):
    id: int
    title: str
    level: str
    level_label: str
    administration: str
    programme: str
    purpose: str
    themes: list[ConceptRef]
    beneficiaries: list[str]
    whole_catalonia: bool
    provinces: list[str]
    comarques: list[str]
    municipalities: list[str]
    opens_on: date | None
    closes_on: date | None
    execution_start: date
    execution_end: date
    budget: Decimal | None
    max_per_beneficiary: Decimal | None
    link: str
    documents: list[str]
    url: str

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_themes(obj) -> list[dict]:
        return [{"code": c.code, "label": c.label} for c in obj.themes.all()]

    @staticmethod
    def resolve_beneficiaries(obj) -> list[str]:
        return obj.beneficiaries

    @staticmethod
    def resolve_provinces(obj) -> list[str]:
        return [p.code for p in obj.provinces.all()]

    @staticmethod
    def resolve_comarques(obj) -> list[str]:
        return [c.code for c in obj.comarques.all()]

    @staticmethod
    def resolve_municipalities(obj) -> list[str]:
        return [m.code for m in obj.municipalities.all()]

    @staticmethod
    def resolve_documents(obj) -> list[str]:
        return obj.document_list

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class FundingLineDetailOut(FundingLineOut):
    overlaps: list[OverlapOut]
