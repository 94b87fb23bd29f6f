"""JSON API of the register of SSE entities.

Reads are public and show only published entities and their public fields.
Writes need a personal token (or the session) and the same permissions as the
pages: technicians of the entity's municipality or the secretariat.
"""

import datetime
from functools import cache, lru_cache

from django.conf import settings
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import connection, connections
from django.db import router as db_router
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user, token_or_session
from teixit.core.api import ERROR_RESPONSES, Pagination, prebuilt_page
from teixit.territories.models import Municipality
from teixit.vocabulary.models import Concept

from . import services, validation
from .models import Entity
from .schemas import EntityIn, EntityManagedOut, EntityOut, EntityPatch
from .selectors import (
    EntityFilters,
    entity_get_public,
    entity_list_public,
    kept_at_register_stamp,
    register_stamp,
)

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
@prebuilt_page
@paginate(Pagination)
def list_entities(request, filters: Query[FiltersIn]):
    query = filters.dict()
    bbox = query.pop("bbox")
    box = None
    if bbox:
        from teixit.maps.selectors import parse_bbox

        box = parse_bbox(bbox)  # 400 with the reason
    return _ValuesPage(EntityFilters.from_query(query), box)


def _public_queryset(filters: EntityFilters, box: tuple | None) -> QuerySet[Entity]:
    """The public list with `filters` and, if given, the box (west, south,
    east, north) on the entities' own coordinates, in the list's order."""
    qs = entity_list_public(filters)
    if box is not None:
        west, south, east, north = box
        qs = qs.filter(
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
    return qs


@lru_cache(maxsize=512)
def _page_ids_statement(
    db: str, filters: EntityFilters, box: tuple | None, start: int, stop: int
) -> tuple[str, tuple] | None:
    """The SQL (and its parameters) that the ORM writes for the ids of a page of
    the public list: the filters, the box, the order and the slice; None when
    it can match nothing. Kept per filters, box and slice (the 512 last used):
    the statement depends on nothing else (not on the data), and building and
    compiling the queryset cost more than running it (~0.8 of a request's
    ~6 ms on the loaded benchmark machine, bench/README.md)."""
    query = _public_queryset(filters, box).values_list("id")[start:stop].query
    try:
        sql, params = query.get_compiler(using=db).as_sql()
    except EmptyResultSet:
        return None
    return sql, tuple(params)


# The columns a page of the public list reads from the entity table: its public
# fields, and the ids of its municipality and legal form (resolved through
# `_Reference`). Never private fields other than the contacts, which
# `_ValuesPage._items` filters as `Entity.public_contact` does. `_items` unpacks
# a row in this order.
_PAGE_COLUMNS = (
    "id",
    "name",
    "status",
    "description",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "location_approximate",
    "website",
    "website_public",
    "email",
    "email_public",
    "phone",
    "phone_public",
    "year_founded",
    "workers_total",
    "workers_women",
    "members_count",
    "social_balance_year",
    "last_verified_on",
    "municipality",
    "legal_form",
)


@cache
def _page_sql() -> tuple[str, str]:
    """The SELECT of `_PAGE_COLUMNS` for a list of entity ids, and the one of
    their sectors and criteria, written once from the models (the ORM built
    them for every page); `{ids}` is replaced by the ids' placeholders."""
    columns = ", ".join(
        f'"{Entity._meta.get_field(name).column}"' for name in _PAGE_COLUMNS
    )
    rows = f"SELECT {columns} FROM {Entity._meta.db_table} WHERE id IN ({{ids}})"
    # (0 for a sector or 1 for a criterion, entity id, concept id): one query
    # on the two relation tables (their indexes cover it).
    links = " UNION ALL ".join(
        f"SELECT {kind}, entity_id, concept_id FROM {through._meta.db_table} "
        "WHERE entity_id IN ({ids})"
        for kind, through in enumerate(
            (Entity.sectors.through, Entity.criteria.through)
        )
    )
    return rows, links


def _label(code: str, labels: dict[str, str], language: str) -> str:
    """`Concept.label or code` (core.translation.translated) from plain values."""
    order = [language] + [c for c in ("ca", "es", "en") if c != language]
    for lang in order:
        if labels.get(lang):
            return labels[lang]
    return code


class _Reference:
    """The concepts (code, labels, order) and municipalities (code, name,
    centroid, comarca) a page names, read whole: a few thousand small rows.
    Kept for the register stamp, which every write to concepts, schemes,
    municipalities and comarques changes (teixit/entities/database.py), so a
    page reads only the entity table and the sectors' and criteria's."""

    _kept: tuple | None = None  # ((alias, stamp), reference)

    def __init__(self):
        self.concepts = {
            pk: (code, {"ca": ca, "es": es, "en": en}, (scheme, order, code))
            for pk, code, ca, es, en, scheme, order in Concept.objects.values_list(
                "pk",
                "code",
                "label_ca",
                "label_es",
                "label_en",
                "scheme__code",
                "order",
            )
        }
        # The position of each concept in the order of `entity.sectors.all()`
        # (scheme, order, code): a page sorts its links by a number.
        self.rank = {
            pk: rank
            for rank, pk in enumerate(
                sorted(self.concepts, key=lambda pk: self.concepts[pk][2])
            )
        }
        self.municipalities = {
            pk: rest
            for pk, *rest in Municipality.objects.values_list(
                "pk", "code", "name", "latitude", "longitude", "comarca__name"
            )
        }
        self.labels: dict[tuple[int, str], str] = {}
        self.outs: dict[str, dict[int, dict]] = {}

    def label(self, concept_id: int, language: str) -> str:
        key = (concept_id, language)
        if key not in self.labels:
            code, labels, _order = self.concepts[concept_id]
            self.labels[key] = _label(code, labels, language)
        return self.labels[key]

    def concepts_out(self, language: str) -> dict[int, dict]:
        """Each concept as an item shows it (`_concept`) in `language`, built
        once per language. The answers share these dicts: they are written as
        JSON and never changed."""
        if language not in self.outs:
            self.outs[language] = {
                pk: {"code": code, "label": self.label(pk, language)}
                for pk, (code, _labels, _order) in self.concepts.items()
            }
        return self.outs[language]

    @classmethod
    def get(cls, stamp: int | None) -> "_Reference":
        key = (connection.alias, stamp)
        kept = cls._kept
        if stamp is not None and kept is not None and kept[0] == key:
            return kept[1]
        reference = cls()
        if stamp is not None and register_stamp(connection.alias) == stamp:
            cls._kept = (key, reference)
        return reference

    def covers(self, rows, links) -> bool:
        concepts = {row[-1] for row in rows} | {link[2] for link in links}
        concepts.discard(None)
        return (
            self.municipalities.keys() >= {row[-2] for row in rows}
            and self.concepts.keys() >= concepts
        )


_DETAIL_URLS: dict[tuple, tuple[str, str]] = {}


def _detail_url_parts() -> tuple[str, str]:
    """An entity's page URL before and after its id, from one reverse() per
    language, script prefix and URLconf (the URL differs only by the id)."""
    key = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _DETAIL_URLS.get(key)
    if parts is None:
        marker = 987654321
        url = reverse("entities:detail", kwargs={"pk": marker})
        if len(_DETAIL_URLS) >= 64:  # a few languages and prefixes: bounded
            _DETAIL_URLS.clear()
        parts = _DETAIL_URLS[key] = tuple(url.split(str(marker), 1))
    return parts


def _iso_date(value) -> str | None:
    """A date column as the JSON answer writes it (SQLite gives the text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.isoformat()


class _ValuesPage:
    """The public list, paginated: counted in the database (the count kept per
    register stamp, `selectors.kept_at_register_stamp`), then only the page read
    as plain tuples (no model instances) and built into the answer's dicts:
    the page's ids through the ORM's SQL (filters and order), their columns by
    id, their sectors and criteria in one query, the concepts and
    municipalities they name from `_Reference`. Every item is what
    `entity_out` gives for the same entity, written as JSON (tested)."""

    def __init__(self, filters: EntityFilters, box: tuple | None):
        self.filters, self.box = filters, box
        self.db = db_router.db_for_read(Entity)
        self.stamp = register_stamp(self.db)

    def __len__(self):
        return self.count()

    def count(self):
        # Kept per register stamp: not counted again until a write. The key
        # names what decides the count: the filters and the box.
        return kept_at_register_stamp(
            f"count:api-list:{self.filters!r}:{self.box!r}",
            lambda: _public_queryset(self.filters, self.box).using(self.db).count(),
            using=self.db,
            stamp=self.stamp,
        )

    def __getitem__(self, item: slice) -> list[dict]:
        db = self.db
        # The ORM writes the page's statement (filters, order, limit), kept
        # per filters; its rows are read straight from the cursor (a bare
        # list of ids).
        statement = _page_ids_statement(
            db, self.filters, self.box, item.start, item.stop
        )
        if statement is None:
            return []
        sql, params = statement
        rows_sql, links_sql = _page_sql()
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return []
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(rows_sql.format(ids=marks), ids)
            rows = {row[0]: row for row in cursor.fetchall()}
            cursor.execute(links_sql.format(ids=marks), ids + ids)
            links = cursor.fetchall()
        return self._items([rows[pk] for pk in ids], links)

    def _items(self, rows: list[tuple], links: list[tuple]) -> list[dict]:
        reference = _Reference.get(self.stamp)
        if not reference.covers(rows, links):
            # A concept or municipality newer than the kept ones.
            reference = _Reference.get(None)
        language = (get_language() or "ca")[:2]
        concepts = reference.concepts_out(language)
        rank = reference.rank
        lists: tuple[dict, dict] = ({}, {})
        links.sort(key=lambda link: rank[link[2]])
        for kind, entity_id, concept_id in links:
            lists[kind].setdefault(entity_id, []).append(concepts[concept_id])
        sectors, criteria = lists
        towns = reference.municipalities
        head, tail = _detail_url_parts()
        items = []
        for row in rows:
            (
                pk, name, status, description, address, postcode, latitude,
                longitude, approximate, website, website_public, email,
                email_public, phone, phone_public, year_founded, workers_total,
                workers_women, members_count, social_balance_year, verified,
                municipality, legal_form,
            ) = row  # fmt: skip
            code, town, town_latitude, town_longitude, comarca = towns[municipality]
            if latitude is None or longitude is None:
                if town_latitude is not None and town_longitude is not None:
                    latitude, longitude = town_latitude, town_longitude
                else:
                    latitude = longitude = None
            items.append(
                {
                    "id": pk,
                    "name": name,
                    "status": status,
                    "legal_form": concepts[legal_form]
                    if legal_form is not None
                    else None,
                    "sectors": sectors.get(pk, []),
                    "criteria": criteria.get(pk, []),
                    "description": description,
                    "address": address,
                    "postcode": postcode,
                    "municipality_code": code,
                    "municipality": town,
                    "comarca": comarca,
                    "latitude": latitude,
                    "longitude": longitude,
                    "location_approximate": bool(approximate),
                    "website": website if website_public else "",
                    "email": email if email_public else "",
                    "phone": phone if phone_public else "",
                    "year_founded": year_founded,
                    "workers_total": workers_total,
                    "workers_women": workers_women,
                    "members_count": members_count,
                    "social_balance_year": social_balance_year,
                    "last_verified_on": _iso_date(verified),
                    "url": f"{head}{pk}{tail}",
                }
            )
        return items


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
