"""Input and output schemas of the network's JSON API."""

import datetime

from ninja import Field, Schema

from teixit.core.api import InputSchema


class MemberOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="municipality, comarca_council or other_public_body")
    official_code: str = Field(
        description="IDESCAT code of the municipality, or the body's code"
    )
    municipality_code: str | None = Field(
        None, description="IDESCAT code of its municipality"
    )
    comarca: str | None = Field(None, description="Name of its comarca")
    joined_on: datetime.date | None = Field(None, description="Adhesion date")
    left_on: datetime.date | None = Field(None, description="Date it left the network")
    active: bool
    website: str
    url: str = Field(description="Address of its page on this site")


class BodyOut(Schema):
    slug: str
    name: str
    kind: str = Field(
        description=(
            "secretariat, technical_commission, executive_commission, "
            "promoter_commission, assembly or other"
        )
    )
    description: str
    current_members: int = Field(description="How many people sit in it today")
    url: str


class SeatOut(Schema):
    id: int
    person: str = Field(description="Name of the person")
    on_behalf_of: str | None = Field(
        None, description="Slug of the member they represent"
    )
    role: str
    start_on: datetime.date | None = None
    end_on: datetime.date | None = None


class BodyDetailOut(BodyOut):
    seats: list[SeatOut] | None = Field(
        None,
        description="Current seats; only for authenticated users (null for the public).",
    )


class InstitutionOut(Schema):
    name: str
    kind: str
    website: str
    email: str
    themes: list[str] = Field(
        description="Codes of the vocabulary concepts it cares about"
    )


class MembershipIn(InputSchema):
    user_email: str = Field(description="E-mail address of a registered person")
    member: str | None = Field(None, description="Slug of the member they represent")
    role: str = ""
    start_on: datetime.date | None = None
    end_on: datetime.date | None = None
