"""JSON API of the network: members, governance bodies and institutions.

Reads of members and bodies are public (names of the people sitting in bodies
only for authenticated users); institutions are for registered users; seating a
person in a body is for the secretariat, with a personal token or the session.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import (
    ERROR_RESPONSES,
    Mapped,
    Pagination,
    prebuilt_page,
    url_parts,
)

from .models import Body, Member
from .schemas import (
    BodyDetailOut,
    BodyOut,
    InstitutionOut,
    MemberOut,
    MembershipIn,
    SeatOut,
)
from .selectors import body_get, body_list, body_seats, institution_list, member_list
from .services import body_membership_create

router = Router(tags=["network"])


_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _member_urls():
    """A function member → `member.get_absolute_url()`, reversed once for a
    page (a slug of letters, digits, hyphens and underscores is written as it
    is; any other is reversed, which quotes it)."""
    head, tail = url_parts("network:member_detail", "slug")

    def url(member: Member) -> str:
        if _PLAIN_SLUG.fullmatch(member.slug):
            return f"{head}{member.slug}{tail}"
        return member.get_absolute_url()

    return url


def _member_out(member: Member, url=Member.get_absolute_url) -> dict:
    return {
        "slug": member.slug,
        "name": member.name,
        "kind": member.kind,
        "official_code": member.official_code,
        "municipality_code": member.municipality.code if member.municipality else None,
        "comarca": member.comarca.name if member.comarca else None,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
        "active": member.is_active,
        "website": member.website,
        "url": url(member),
    }


def _body_out(body: Body) -> dict:
    return {
        "slug": body.slug,
        "name": body.name,
        "kind": body.kind,
        "description": body.description,
        "current_members": getattr(body, "current_members", 0),
        "url": body.get_absolute_url(),
    }


def _seat_out(seat) -> dict:
    return {
        "id": seat.pk,
        "person": str(seat.user),
        "on_behalf_of": seat.member.slug if seat.member else None,
        "role": seat.role,
        "start_on": seat.start_on,
        "end_on": seat.end_on,
    }


@router.get(
    "/members/",
    response={200: list[MemberOut], **ERROR_RESPONSES},
    operation_id="network_members_list",
    summary="List the member organisations of the network",
    auth=optional_user,
)
@prebuilt_page
@paginate(Pagination)
def list_members(request, active: bool = True, kind: str | None = None):
    # `_member_out` writes an item as `MemberOut` does: not validated again.
    url = _member_urls()
    return Mapped(
        _without_outlines(member_list(active_only=active, kind=kind)),
        lambda member: _member_out(member, url),
    )


def _without_outlines(members):
    """Members with their municipality and comarca but not their outlines (a
    GeoJSON document each, decoded per row: most of the list's time)."""
    return members.defer("municipality__boundary", "comarca__boundary")


@router.get(
    "/members/{slug}/",
    response={200: MemberOut, **ERROR_RESPONSES},
    operation_id="network_members_get",
    summary="One member organisation",
    auth=optional_user,
)
def get_member(request, slug: str):
    member = get_object_or_404(
        _without_outlines(member_list(active_only=False)), slug=slug
    )
    return _member_out(member)


@router.get(
    "/bodies/",
    response={200: list[BodyOut], **ERROR_RESPONSES},
    operation_id="network_bodies_list",
    summary="List the governance bodies of the network",
    auth=optional_user,
)
@paginate(Pagination)
def list_bodies(request):
    return [_body_out(b) for b in body_list()]


@router.get(
    "/bodies/{slug}/",
    response={200: BodyDetailOut, **ERROR_RESPONSES},
    operation_id="network_bodies_get",
    summary="One governance body, with its current seats for authenticated users",
    auth=optional_user,
)
def get_body(request, slug: str):
    body = body_get(slug=slug)
    data = _body_out(body)
    user = request.user
    if user.is_authenticated and user.has_perm("network.view_bodymembership", body):
        data["seats"] = [_seat_out(seat) for seat in body_seats(body=body)]
    return data


@router.post(
    "/bodies/{slug}/memberships/",
    response={201: SeatOut, **ERROR_RESPONSES},
    operation_id="network_memberships_create",
    summary="Seat a registered person in a governance body (secretariat only)",
    auth=token_or_session,
)
def create_membership(request, slug: str, payload: MembershipIn):
    body = body_get(slug=slug)
    if not request.user.has_perm("network.manage_memberships", body):
        raise PermissionDenied(
            _("Only the technical secretariat may change who sits in a body.")
        )
    errors: dict[str, list[str]] = {}
    user = (
        get_user_model()
        .objects.filter(email__iexact=payload.user_email.strip())
        .first()
    )
    if user is None:
        errors["user_email"] = [_("No registered person has this e-mail address.")]
    member = None
    if payload.member:
        member = Member.objects.filter(slug=payload.member).first()
        if member is None:
            errors["member"] = [_("There is no member with this slug.")]
    if errors:
        raise ValidationError(errors)
    seat = body_membership_create(
        body=body,
        user=user,
        member=member,
        role=payload.role,
        start_on=payload.start_on,
        end_on=payload.end_on,
    )
    return Status(201, _seat_out(seat))


@router.get(
    "/institutions/",
    response={200: list[InstitutionOut], **ERROR_RESPONSES},
    operation_id="network_institutions_list",
    summary="List the external institutions the network relates to (registered users)",
    auth=optional_user,
)
@paginate(Pagination)
def list_institutions(request):
    user = request.user
    if not user.is_authenticated:
        raise AuthenticationError()
    if not user.has_perm("network.view_institution"):
        raise PermissionDenied()
    return [
        {
            "name": i.name,
            "kind": i.kind,
            "website": i.website,
            "email": i.email,
            "themes": [t.code for t in i.themes.all()],
        }
        for i in institution_list()
    ]
