from decimal import Decimal

from ninja import Schema

from teixit.core.api import absolute_url


class ConceptRef(Schema):
    code: str
    label: str


class MemberRef(Schema):
    slug: str
    name: str


class MunicipalServiceOut(Schema):
    id: int
    member: MemberRef
    service_type: ConceptRef
    name: str
    modality: str
    modality_label: str
    description: str
    budget: Decimal | None
    staff_fte: Decimal | None
    since_year: int | None
    partner_members: list[MemberRef]
    partner_bodies: list[str]
    url: str

    @staticmethod
    def resolve_service_type(obj) -> dict:
        return {"code": obj.service_type.code, "label": obj.service_type.label}

    @staticmethod
    def resolve_modality_label(obj) -> str:
        return str(obj.get_modality_display())

    @staticmethod
    def resolve_partner_members(obj) -> list[dict]:
        return [{"slug": m.slug, "name": m.name} for m in obj.partner_members.all()]

    @staticmethod
    def resolve_partner_bodies(obj) -> list[str]:
        return obj.partner_body_list

    @staticmethod
    def resolve_url(obj, context) -> str:
        return absolute_url(context, obj.get_absolute_url())


class ModalityCount(Schema):
    modality: str
    label: str
    count: int


class MatrixTypeOut(Schema):
    code: str
    label: str
    counts: list[ModalityCount]
    total: int


class MatrixRowOut(Schema):
    member: MemberRef
    cells: dict[str, list[str]]


class MatrixOut(Schema):
    types: list[MatrixTypeOut]
    rows: list[MatrixRowOut]
