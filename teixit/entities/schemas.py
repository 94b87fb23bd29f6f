"""Input and output schemas of the entities API."""

import datetime

from ninja import Schema


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


class EntityIn(Schema):
    """Fields to create an entity. Concepts and municipality by code."""

    name: str
    municipality: str
    legal_form: str | None = None
    sectors: list[str] = []
    criteria: list[str] = []
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
    status: str = "published"


class EntityPatch(Schema):
    """Fields to change; those not sent are left alone."""

    name: str | None = None
    municipality: str | None = None
    legal_form: str | None = None
    sectors: list[str] | None = None
    criteria: list[str] | None = None
    description: str | None = None
    tax_id: str | None = None
    address: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    website_public: bool | None = None
    email: str | None = None
    email_public: bool | None = None
    phone: str | None = None
    phone_public: bool | None = None
    year_founded: int | None = None
    workers_total: int | None = None
    workers_women: int | None = None
    members_count: int | None = None
    social_balance_year: int | None = None


class EntityManagedOut(EntityOut):
    """What the entity's managers see after a write (all contact fields, tax ID)."""

    tax_id: str
    duplicates: list[int] = []
