"""Input and output schemas of the entities API."""

import datetime
from typing import Literal

from ninja import Field, Schema

from teixit.core.api import InputSchema, NonEmptyStr


def _no_default(schema: dict) -> None:
    """A PATCH field's default (None: "not sent") is not a value to send."""
    schema.pop("default", None)


class ConceptRef(Schema):
    code: str
    label: str


class EntityOut(Schema):
    """A published entity: only public fields (private contacts are empty)."""

    id: int
    name: str
    status: str
    legal_form: ConceptRef | None = None
    sectors: list[ConceptRef]
    criteria: list[ConceptRef]
    description: str
    address: str
    postcode: str
    municipality_code: str
    municipality: str
    comarca: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    location_approximate: bool
    website: str
    email: str
    phone: str
    year_founded: int | None = None
    workers_total: int | None = None
    workers_women: int | None = None
    members_count: int | None = None
    social_balance_year: int | None = None
    last_verified_on: datetime.date | None = None
    url: str


class EntityIn(InputSchema):
    """Fields to create an entity. Concepts and municipality by code."""

    name: NonEmptyStr
    municipality: NonEmptyStr
    legal_form: NonEmptyStr | None = Field(
        None, description="Code of a legal form; null for none"
    )
    sectors: list[NonEmptyStr] = []
    criteria: list[NonEmptyStr] = []
    description: str = ""
    tax_id: str = ""
    address: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    website: str = ""
    website_public: bool = True
    email: str = ""
    email_public: bool = False
    phone: str = ""
    phone_public: bool = False
    year_founded: int | None = None
    workers_total: int | None = None
    workers_women: int | None = None
    members_count: int | None = None
    social_balance_year: int | None = None
    status: Literal["published", "proposed"] = "published"


# PATCH: a field left out is not changed. Text, flags and lists cannot be null
# (send "" or [] to empty them); fields the register may leave empty (legal
# form, coordinates, numbers) take null to clear them.
_KEEP = Field(None, json_schema_extra=_no_default)


class EntityPatch(InputSchema):
    """Fields to change; those not sent are left alone."""

    name: NonEmptyStr = _KEEP
    municipality: NonEmptyStr = _KEEP
    legal_form: NonEmptyStr | None = None
    sectors: list[NonEmptyStr] = _KEEP
    criteria: list[NonEmptyStr] = _KEEP
    description: str = _KEEP
    tax_id: str = _KEEP
    address: str = _KEEP
    postcode: str = _KEEP
    latitude: float | None = None
    longitude: float | None = None
    website: str = _KEEP
    website_public: bool = _KEEP
    email: str = _KEEP
    email_public: bool = _KEEP
    phone: str = _KEEP
    phone_public: bool = _KEEP
    year_founded: int | None = None
    workers_total: int | None = None
    workers_women: int | None = None
    members_count: int | None = None
    social_balance_year: int | None = None


class EntityManagedOut(EntityOut):
    """What the entity's managers see after a write (all contact fields, tax ID)."""

    tax_id: str
    duplicates: list[int] = []
