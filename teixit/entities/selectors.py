"""Reads about the register of SSE entities.

The public filters (`EntityFilters`, `entity_list_public`) are the contract
shared by the entity list, the open-data exports and the public map
(`teixit.maps`): a filter means the same everywhere.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, fields

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from teixit.core.prepared import prepared
from teixit.vocabulary.schemes import LEGAL_FORMS, SECTORS, SSE_PRINCIPLES

from .conf import entities_unverified_days
from .models import Entity

#: Query-string parameter of each filter (repeat a parameter for several values).
FILTER_PARAMS = {
    "legal_form": "legal_form",
    "sectors": "sector",
    "criteria": "criterion",
    "municipalities": "municipality",
    "comarques": "comarca",
    "q": "q",
}


def _values(query, name: str) -> tuple[str, ...]:
    if hasattr(query, "getlist"):
        raw = query.getlist(name)
    else:
        raw = query.get(name) or []
        if isinstance(raw, str):
            raw = [raw]
    out: list[str] = []
    for item in raw:
        # "a,b" and repeated parameters are both accepted.
        out.extend(part.strip() for part in str(item).split(",") if part.strip())
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class EntityFilters:
    """Filters on published entities, all optional and combined with AND.

    - ``legal_form``: concept codes of scheme ``legal-forms`` (any of them);
    - ``sectors``: concept codes of scheme ``sectors`` (any of them);
    - ``criteria``: concept codes of scheme ``sse-principles`` (ALL of them met);
    - ``municipalities``: municipality codes (IDESCAT 6 digits; any of them);
    - ``comarques``: comarca codes (any of them);
    - ``q``: free text, searched in name and description (case-insensitive).

    Concept and territory values are codes, not database ids, so filtered URLs
    are stable across databases. Build from a request with
    ``EntityFilters.from_query(request.GET)``; turn back into query parameters
    with ``as_query()`` (parameter names in ``FILTER_PARAMS``: legal_form,
    sector, criterion, municipality, comarca, q).
    """

    legal_form: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    comarques: tuple[str, ...] = ()
    q: str = ""

    @classmethod
    def from_query(cls, query) -> EntityFilters:
        """From a QueryDict (request.GET) or a plain dict of str / list values."""
        kwargs = {}
        for f in fields(cls):
            param = FILTER_PARAMS[f.name]
            if f.name == "q":
                value = query.get(param) or ""
                kwargs["q"] = str(value).strip()[:200]
            else:
                kwargs[f.name] = _values(query, param)
        return cls(**kwargs)

    def as_query(self) -> list[tuple[str, str]]:
        """Query parameters (for urlencode) that rebuild these filters."""
        pairs: list[tuple[str, str]] = []
        for f in fields(self):
            value = getattr(self, f.name)
            param = FILTER_PARAMS[f.name]
            if f.name == "q":
                if value:
                    pairs.append((param, value))
            else:
                pairs.extend((param, item) for item in value)
        return pairs

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def entity_filter_queryset(
    qs: QuerySet[Entity], filters: EntityFilters | None
) -> QuerySet[Entity]:
    """Apply `filters` to any queryset of entities (status is left alone)."""
    if filters is None:
        return qs
    if filters.legal_form:
        qs = qs.filter(
            legal_form__code__in=filters.legal_form,
            legal_form__scheme__code=LEGAL_FORMS,
        )
    if filters.sectors:
        # EXISTS, probed per entity through the (entity, concept) index, lets
        # a page ordered by name stop after its rows instead of first listing
        # every entity of the sector.
        qs = qs.filter(
            Exists(
                Entity.sectors.through.objects.filter(
                    entity_id=OuterRef("pk"),
                    concept__code__in=filters.sectors,
                    concept__scheme__code=SECTORS,
                )
            )
        )
    for code in filters.criteria:
        qs = qs.filter(
            pk__in=Entity.criteria.through.objects.filter(
                concept__code=code, concept__scheme__code=SSE_PRINCIPLES
            ).values("entity_id")
        )
    if filters.municipalities:
        qs = qs.filter(municipality__code__in=filters.municipalities)
    if filters.comarques:
        qs = qs.filter(municipality__comarca__code__in=filters.comarques)
    if filters.q:
        qs = _text_candidates(qs, filters.q)
        qs = qs.filter(
            Q(name__icontains=filters.q) | Q(description__icontains=filters.q)
        )
    return qs


def _text_candidates(qs: QuerySet[Entity], text: str) -> QuerySet[Entity]:
    """On SQLite with the trigram text index (teixit/entities/database.py), only
    the entities whose name or description contain `text` in any case: a
    superset of what the `LIKE` kept after it selects, found in the index
    (plus the entities written since its last catch-up) instead of by reading
    every row. Texts under three characters (no trigram)
    and other databases are left to the `LIKE` alone (PostgreSQL's trigram
    indexes serve it as it is)."""
    from django.db import connections

    from . import database

    connection = connections[qs.db]
    if (
        len(text) < 3
        or "\x00" in text  # FTS5 reads its query as a C string: NUL ends it
        or not database.text_index_supported(connection)
    ):
        return qs
    phrase = '"' + text.replace('"', '""') + '"'
    return qs.filter(
        pk__in=RawSQL(
            f"SELECT rowid FROM {database.TEXT_TABLE} "
            f"WHERE {database.TEXT_TABLE} MATCH %s "
            f"UNION SELECT id FROM {database.PENDING_TABLE}",
            [phrase],
        )
    )


def register_stamp(using: str = "default") -> int | None:
    """The register's current stamp (`RegisterStamp`, changed by database
    triggers on every write that can change the public list), or None when it
    cannot be a cache key: no stamp yet, or this transaction has written (on
    PostgreSQL its stamp changes only at the commit)."""
    from django.db import connections

    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT (SELECT stamp FROM entities_registerstamp WHERE id = 1), "
                "txid_current_if_assigned()"
            )
            stamp, own_writes = cursor.fetchone()
            return None if own_writes is not None else stamp
        cursor.execute("SELECT stamp FROM entities_registerstamp WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def kept_at_register_stamp(key: str, compute, *, using="default", stamp=None):
    """`compute()`, kept in the cache for the register's stamp: the same answer
    while no write changes the register, computed again after any. `key` names
    what decides the answer, not the stamp. The stamp is read before and after
    computing: an answer is kept only if no write was committed in between, so
    a kept answer is always the one at that stamp. Without a stamp (inside a
    transaction that wrote, on PostgreSQL) nothing is kept. `stamp`: the stamp
    the caller has just read, if it has."""
    from django.core.cache import cache

    if stamp is None:
        stamp = register_stamp(using)
    if stamp is None:
        return compute()
    cache_key = (
        "entities:kept:" + hashlib.sha256(f"{using}:{stamp}:{key}".encode()).hexdigest()
    )
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        if register_stamp(using) == stamp:
            cache.set(cache_key, found, timeout=24 * 3600)
    return found


class KeptInProcess:
    """A value this process keeps while the register's stamp stays the same
    (the municipalities' index of an import's preview, their outlines for the
    entity forms): no query but the stamp's while nothing is written.

    The stamp changes with every write to the register, so when it has
    changed, `fingerprint()` (what the value is built from, or a summary of
    it, cheaper to read than building) decides: the same fingerprint keeps
    the value, another one builds it again with `build(fingerprint)`. The
    stamp is read before the fingerprint, so a kept pair is never older than
    its stamp. Without a stamp (on PostgreSQL, inside a transaction that
    wrote) the fingerprint is read every time."""

    def __init__(self, fingerprint, build) -> None:
        self._fingerprint = fingerprint
        self._build = build
        # (database, stamp, fingerprint, value)
        self._kept: tuple | None = None

    def get(self, using: str = "default"):
        from django.db import connections

        database = connections[using].settings_dict["NAME"]
        stamp = register_stamp(using)
        kept = self._kept
        if (
            kept is not None
            and stamp is not None
            and kept[0] == database
            and kept[1] == stamp
        ):
            return kept[3]
        fingerprint = self._fingerprint()
        if kept is not None and kept[0] == database and kept[2] == fingerprint:
            value = kept[3]
        else:
            value = self._build(fingerprint)
        self._kept = (database, stamp, fingerprint, value)
        return value


def municipalities_with_published_entities(municipality_ids) -> set[int]:
    """Of `municipality_ids`, those where the register has a published entity:
    one indexed probe per municipality on `(municipality, status, …)`, kept in
    the cache for the register's stamp (as the API list's counts: any write
    that publishes, unpublishes, moves or deletes a published entity changes
    the stamp; a result is kept only if no write committed while it was
    read). The diagnosis index's coverage asks it for every member (~20 ms of
    `EXISTS` on a loaded machine at a tenth of network scale, on every view)."""
    from teixit.territories.models import Municipality

    ids = sorted({int(pk) for pk in municipality_ids if pk is not None})

    def probe() -> set[int]:
        if not ids:
            return set()
        return set(
            Municipality.objects.filter(pk__in=ids)
            .filter(
                Exists(
                    Entity.objects.filter(
                        municipality_id=OuterRef("pk"),
                        status=Entity.Status.PUBLISHED,
                    )
                )
            )
            .values_list("pk", flat=True)
        )

    return kept_at_register_stamp(
        f"municipalities-published:{','.join(map(str, ids))}", probe
    )


def entity_list_public(filters: EntityFilters | dict | None = None) -> QuerySet[Entity]:
    """Published entities matching `filters` (an EntityFilters or a dict/QueryDict
    of query parameters), with municipality, comarca and legal form joined.

    This is what the public sees (list, exports, map). Private contact fields are
    still on the rows: callers must only expose the public ones (see
    `Entity.public_contact`)."""
    if filters is not None and not isinstance(filters, EntityFilters):
        filters = EntityFilters.from_query(filters)
    qs = Entity.objects.published().select_related(
        "municipality", "municipality__comarca", "legal_form"
    )
    return entity_filter_queryset(qs, filters).order_by("name", "pk")


def entity_get_public(pk: int) -> Entity | None:
    """The published entity `pk` with what the API's and the page's answer
    show (its municipality, comarca, legal form, sectors and criteria), or
    None. Its statement is compiled once (`core.prepared`): building the
    join of three models cost more than the database takes to read it."""
    found = _public_by_pk(pk)
    return found[0] if found else None


_public_by_pk = prepared(
    lambda pk: (
        Entity.objects.published()
        .select_related("municipality", "municipality__comarca", "legal_form")
        .prefetch_related("sectors", "criteria")
        .filter(pk=pk)
    )
)


def entity_list_for_user(
    user, filters: EntityFilters | None = None, *, status: str | None = None
) -> QuerySet[Entity]:
    """Entities a technician or the secretariat manages (every status): the
    secretariat sees all, a technician those of their members' municipalities.
    The rows' municipality and comarca come without their outlines (GeoJSON
    that the lists never show: decoding them took half the page's time)."""
    qs = (
        Entity.objects.managed_by(user)
        .select_related("municipality", "municipality__comarca", "legal_form")
        .defer("municipality__boundary", "municipality__comarca__boundary")
    )
    if status:
        qs = qs.filter(status=status)
    return entity_filter_queryset(qs, filters).order_by("name", "pk")


def municipalities_for(user) -> QuerySet:
    """The municipalities a user may file entities in: all for the secretariat,
    their members' municipalities for a technician (the form's and the admin's
    choices, the same scope as `Entity.objects.managed_by`)."""
    from teixit.network.roles import is_secretariat
    from teixit.territories.models import Municipality

    from .rules import technician_municipality_ids

    qs = Municipality.objects.order_by("name")
    if is_secretariat(user):
        return qs
    return qs.filter(pk__in=technician_municipality_ids(user))


def entity_status_counts(user) -> dict[str, int]:
    """How many entities of each status the user manages, every status
    present (0 if none). A technician's: one grouped query over the
    `(status, municipality)` index, their municipalities only. The whole
    register's (the secretariat's): the published entities, nearly all of it,
    counted once per register stamp (every write that publishes, changes,
    unpublishes or deletes a published entity renews it:
    `kept_at_register_stamp`), the others (proposals, archived: few) on every
    request over the same index — a grouped count of the whole register read
    every entry of the index on every page (14 ms of SQL at 100,000 entities,
    ten times that at network scale)."""
    from .models import managed_scope

    counts = dict.fromkeys(Entity.Status.values, 0)
    entities = Entity.objects.managed_by(user).order_by()
    if managed_scope(user) is None:
        published = Entity.Status.PUBLISHED
        counts[published] = kept_at_register_stamp(
            "status-count:published",
            lambda: Entity.objects.filter(status=published).count(),
        )
        entities = entities.filter(
            status__in=[status for status in counts if status != published]
        )
    for status, n in entities.values_list("status").annotate(n=Count("pk")):
        counts[status] = n
    return counts


def managed_municipality_ids(user) -> list[int]:
    """Municipalities of the members the user is a current technician of."""
    from teixit.network.models import Member
    from teixit.network.roles import member_ids_of

    member_ids = member_ids_of(user)
    if not member_ids:
        return []
    return list(
        Member.objects.filter(
            pk__in=member_ids, municipality__isnull=False
        ).values_list("municipality_id", flat=True)
    )


def entity_list_unverified(user, *, days: int | None = None) -> QuerySet[Entity]:
    """Published entities the user manages that nobody verified for `days`
    (setting TEIXIT_ENTITIES_UNVERIFIED_DAYS, 365 by default)."""
    limit = timezone.localdate() - datetime.timedelta(
        days=days or entities_unverified_days()
    )
    return (
        entity_list_for_user(user, status=Entity.Status.PUBLISHED)
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=limit))
        .order_by("last_verified_on", "name")
    )


#: How far behind a change of the register the unverified count may lag.
UNVERIFIED_COUNT_SECONDS = 60


def entity_unverified_count(user) -> int:
    """How many entities `entity_list_unverified(user)` holds. Counting the
    unverified part of a large register costs more than the pages that show
    the number (the list's "page N of M", the home page's pending work), so
    the count is shared by everyone with the same scope (`managed_scope`: the
    whole secretariat, a member's technicians) and the same day, and kept
    while the register's stamp (`register_stamp`: every write to a published
    entity) stays the same. After a write, the count kept is still shown for
    what is left of its first minute: the number lags a change by at most
    `UNVERIFIED_COUNT_SECONDS`, and is counted at most once a minute per
    scope however often the register changes. A count made without a stamp
    (in a transaction that wrote, on PostgreSQL) is kept for its minute only."""
    import time

    from django.core.cache import cache

    from .models import managed_scope

    days = entities_unverified_days()
    scope = managed_scope(user)
    scope_key = "all" if scope is None else ",".join(map(str, sorted(scope)))
    limit = timezone.localdate() - datetime.timedelta(days=days)
    key = (
        "entities:unverified-count:"
        + hashlib.sha256(f"{limit}:{scope_key}".encode()).hexdigest()
    )
    stamp = register_stamp()
    kept = cache.get(key)  # (stamp, count, when counted)
    if kept is not None:
        kept_stamp, count, counted_at = kept
        if (stamp is not None and kept_stamp == stamp) or (
            time.time() - counted_at < UNVERIFIED_COUNT_SECONDS
        ):
            return count
    counted_at = time.time()
    count = entity_list_unverified(user, days=days).order_by().count()
    # Kept at `stamp` only if no write was committed while counting (the
    # count is the count at that stamp); otherwise, or inside a transaction
    # that wrote (stamp None), for the minute alone.
    if stamp is not None and register_stamp() != stamp:
        stamp = None
    cache.set(key, (stamp, count, counted_at), timeout=24 * 3600)
    return count


def entity_history(entity: Entity) -> list:
    """Change history rows of an entity and of the entities merged into it,
    newest first (at most 200)."""
    ids = [
        entity.pk,
        *Entity.objects.filter(merged_into=entity).values_list("pk", flat=True),
    ]
    return list(
        Entity.history.filter(id__in=ids)
        .select_related("history_user", "municipality")
        .order_by("-history_date", "-history_id")[:200]
    )
