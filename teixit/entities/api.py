"""JSON API of the register of SSE entities.

Reads are public and show only published entities and their public fields.
Writes need a personal token (or the session) and the same permissions as the
pages: technicians of the entity's municipality or the secretariat.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import ERROR_RESPONSES, Pagination
from teixit.territories.models import Municipality
from teixit.vocabulary.models import Concept

from . import services, validation
from .models import Entity
from .schemas import EntityIn, EntityManagedOut, EntityOut, EntityPatch
from .selectors import EntityFilters, entity_get_public, entity_list_public

router = Router(tags=["entities"])


class FiltersIn(Schema):
    legal_form: list[str] = []
    sector: list[str] = []
    criterion: list[str] = []
    municipality: list[str] = []
    comarca: list[str] = []
    q: str = ""
    bbox: str = Field(
        "",
        description=(
            "west,south,east,north in degrees: only entities whose own coordinates "
            "lie inside (entities placed at their municipality's centroid are left out)"
        ),
    )


def _concept(c) -> dict:
    return {"code": c.code, "label": c.label or c.code}


def entity_out(entity: Entity, *, managed: bool = False) -> dict:
    contact = entity.public_contact
    lon_lat = entity.point
    out = {
        "id": entity.pk,
        "name": entity.name,
        "status": entity.status,
        "legal_form": _concept(entity.legal_form) if entity.legal_form else None,
        "sectors": [_concept(c) for c in entity.sectors.all()],
        "criteria": [_concept(c) for c in entity.criteria.all()],
        "description": entity.description,
        "address": entity.address,
        "postcode": entity.postcode,
        "municipality_code": entity.municipality.code,
        "municipality": entity.municipality.name,
        "comarca": entity.municipality.comarca.name
        if entity.municipality.comarca
        else None,
        "latitude": lon_lat[1] if lon_lat else None,
        "longitude": lon_lat[0] if lon_lat else None,
        "location_approximate": entity.location_approximate,
        **contact,
        "year_founded": entity.year_founded,
        "workers_total": entity.workers_total,
        "workers_women": entity.workers_women,
        "members_count": entity.members_count,
        "social_balance_year": entity.social_balance_year,
        "last_verified_on": entity.last_verified_on,
        "url": entity.get_absolute_url(),
    }
    if managed:
        out.update(
            website=entity.website,
            email=entity.email,
            phone=entity.phone,
            tax_id=entity.tax_id,
        )
    return out


def _resolve(data: dict, entity: Entity | None = None) -> dict:
    """Codes in the input → objects; unknown codes are a 400 with the field.
    Contacts follow the register's rule (validation.contacts_assign)."""
    errors = {}
    if any(name in data for name in validation.CONTACT_FIELDS):
        try:
            data, others = validation.contacts_assign(
                data, entity.other_contacts if entity is not None else None
            )
            data["other_contacts"] = others
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if data.get("municipality") is not None:
        municipality = Municipality.objects.filter(code=data["municipality"]).first()
        if municipality is None:
            try:
                from teixit.territories.selectors import municipality_match

                municipality = municipality_match(data["municipality"])
            except ImportError:  # pragma: no cover
                municipality = None
        if municipality is None:
            errors["municipality"] = [_("Unknown municipality.")]
        data["municipality"] = municipality
    if data.get("legal_form"):
        concept = Concept.objects.filter(
            scheme__code="legal-forms", code=data["legal_form"]
        ).first()
        if concept is None:
            errors["legal_form"] = [_("Unknown legal form.")]
        data["legal_form"] = concept
    for name, scheme in (("sectors", "sectors"), ("criteria", "sse-principles")):
        if data.get(name) is not None:
            codes = data[name]
            concepts = list(Concept.objects.filter(scheme__code=scheme, code__in=codes))
            if len(concepts) != len(set(codes)):
                errors[name] = [
                    _("Unknown codes: %(codes)s")
                    % {
                        "codes": ", ".join(
                            sorted(set(codes) - {c.code for c in concepts})
                        )
                    }
                ]
            data[name] = concepts
    if "postcode" in data and data["postcode"]:
        from .validators import repair_postcode

        try:
            data["postcode"] = repair_postcode(data["postcode"])
        except ValidationError as exc:
            errors["postcode"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return data


def _managed(request, pk: int, perm: str) -> Entity:
    entity = get_object_or_404(
        Entity.objects.select_related("municipality__comarca", "legal_form"), pk=pk
    )
    if not request.user.has_perm(perm, entity):
        if not request.user.has_perm("entities.view_entity", entity):
            raise Http404
        raise PermissionDenied(
            _("You may not manage the entities of this municipality.")
        )
    return entity


@router.get(
    "/entities/",
    response=list[EntityOut],
    auth=optional_user,
    operation_id="entities_list",
    summary="Published SSE entities, filtered (legal_form, sector, criterion, municipality, comarca, q, bbox)",
)
@paginate(Pagination)
def list_entities(request, filters: Query[FiltersIn]):
    query = filters.dict()
    bbox = query.pop("bbox")
    # The boundaries of the municipality and its comarca (polygons, kilobytes of
    # JSON each) are never in the answer: decoding them for every row of a page
    # cost ~5 ms per entity (bench/bench_api_vs_datasette.py).
    qs = (
        entity_list_public(EntityFilters.from_query(query))
        .defer("municipality__boundary", "municipality__comarca__boundary")
        .prefetch_related("sectors", "criteria")
    )
    if bbox:
        from teixit.maps.selectors import parse_bbox

        west, south, east, north = parse_bbox(bbox)  # 400 with the reason
        qs = qs.filter(
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
    return _LazyOut(qs)


class _LazyOut:
    """Paginates the queryset, then serialises only the page."""

    def __init__(self, qs):
        self.qs = qs

    def __len__(self):
        return self.qs.count()

    def count(self):
        return self.qs.count()

    def __getitem__(self, item):
        return [entity_out(e) for e in self.qs[item]]


@router.get(
    "/entities/{int:entity_id}/",
    response={200: EntityOut, **ERROR_RESPONSES},
    auth=optional_user,
    operation_id="entities_get",
    summary="One published SSE entity",
)
def get_entity(request, entity_id: int):
    entity = entity_get_public(entity_id)
    if entity is None:
        raise Http404
    return entity_out(entity)


@router.post(
    "/entities/",
    response={201: EntityManagedOut, **ERROR_RESPONSES},
    auth=token_or_session,
    operation_id="entities_create",
    summary="Create an entity (technicians of its municipality, secretariat)",
)
def create_entity(request, payload: EntityIn):
    if not request.user.has_perm("entities.add_entity"):
        raise PermissionDenied(
            _("Only technicians and the secretariat may add entities.")
        )
    data = _resolve(payload.dict())
    status = data.pop("status")
    if status not in (Entity.Status.PUBLISHED, Entity.Status.PROPOSED):
        raise ValidationError({"status": [_("Use published or proposed.")]})
    entity = services.entity_create(actor=request.user, status=status, **data)
    out = entity_out(entity, managed=True)
    out["duplicates"] = [
        d.entity.pk
        for d in services.entity_find_duplicates(
            name=entity.name,
            municipality_id=entity.municipality_id,
            tax_id=entity.tax_id,
            exclude_pk=entity.pk,
            viewer=request.user,
        )
    ]
    return Status(201, out)


@router.patch(
    "/entities/{int:entity_id}/",
    response={200: EntityManagedOut, **ERROR_RESPONSES},
    auth=token_or_session,
    operation_id="entities_update",
    summary="Change fields of an entity (technicians of its municipality, secretariat)",
)
def update_entity(request, entity_id: int, payload: EntityPatch):
    entity = _managed(request, entity_id, "entities.change_entity")
    data = _resolve(payload.dict(exclude_unset=True), entity)
    entity = services.entity_update(entity=entity, actor=request.user, **data)
    return entity_out(entity, managed=True)


def _status_endpoint(action: str, service, summary: str):
    @router.post(
        f"/entities/{{int:entity_id}}/{action}/",
        response={200: EntityManagedOut, **ERROR_RESPONSES},
        auth=token_or_session,
        operation_id=f"entities_{action}",
        summary=summary,
    )
    def endpoint(request, entity_id: int):
        entity = _managed(request, entity_id, f"entities.{action}_entity")
        return entity_out(service(entity=entity, actor=request.user), managed=True)

    endpoint.__name__ = f"{action}_entity"
    return endpoint


publish_entity = _status_endpoint(
    "publish", services.entity_publish, "Publish a proposed entity"
)
archive_entity = _status_endpoint(
    "archive", services.entity_archive, "Archive an entity"
)
verify_entity = _status_endpoint(
    "verify", services.entity_verify, "Mark an entity as verified today"
)
