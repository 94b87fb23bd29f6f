"""Murmurations profiles of the network, its members and the published SSE
entities (plan II.2.d: being found by SSE networks outside Catalonia).

Each profile is a JSON document following the Murmurations
`organizations_schema-v1.0.0` schema: `linked_schemas` and `name` always,
`primary_url` (the organisation's own website, else its page here), and the
optional fields Teixit knows. Only what is already public leaves: active
members, published entities, and of an entity's contacts only those marked
public (`Entity.public_contact`). Texts and tags are in the site's default
language, so a profile does not change with the visitor's language.

The index (`profile_index`) lists every profile's address for the Murmurations
index and other aggregators, in the shape of the index's own answers
(`{"data": [...], "meta": {...}}`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

from django.conf import settings
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

from teixit.entities.models import Entity
from teixit.network.models import Member, Network
from teixit.network.selectors import network_get_current
from teixit.territories.selectors import TERRITORIES_COUNTRY, municipality_country
from teixit.vocabulary.linked_data import absolute_path

SCHEMA = "organizations_schema-v1.0.0"
MEMBER_OF = "https://schema.org/memberOf"
HAS_MEMBER = "https://schema.org/member"
INDEX_CHUNK = 2000
#: A slug standing for every member's in their page's address, and the
#: characters reverse() leaves unquoted in a path.
_SLUG_MARK = "murmurations-member-slug"
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _unique(values) -> list[str]:
    seen: list[str] = []
    for value in values:
        value = (value or "").strip()
        if value and value not in seen:
            seen.append(value)
    return seen


def _without_empty(profile: dict) -> dict:
    return {key: value for key, value in profile.items() if value not in ("", [], {})}


def network_primary_url(network: Network | None, base_url: str) -> str:
    if network is not None and network.website:
        return network.website
    return base_url + "/"


def network_profile(*, base_url: str) -> dict | None:
    """The network's own profile (None when the site has no network yet)."""
    network = network_get_current()
    if network is None:
        return None
    primary = network_primary_url(network, base_url)
    with translation.override(settings.LANGUAGE_CODE):
        tags = _unique(
            [
                translation.gettext("social and solidarity economy"),
                translation.gettext("network of municipalities"),
            ]
        )
    members = Member.objects.active().order_by("name")
    # A member's page address is reversed once, its slug put in as reverse()
    # would (quoted alike), rather than a reverse in a language override per
    # member of the network.
    before, after = absolute_path(
        "network:member_detail", base_url, slug=_SLUG_MARK
    ).split(_SLUG_MARK)
    relationships = [
        {
            "predicate_url": HAS_MEMBER,
            "object_url": website or f"{before}{quote(slug, safe=_PATH_SAFE)}{after}",
        }
        for slug, website in members.values_list("slug", "website")
    ]
    profile = {
        "linked_schemas": [SCHEMA],
        "name": network.name,
        "nickname": network.short_name,
        "primary_url": primary,
        "description": network.description,
        "tags": tags,
        "urls": _unique_urls(
            [
                ("Teixit", base_url + "/"),
                (network.name, network.website),
            ]
        ),
        "image": base_url + network.logo.url
        if network.logo and network.logo.url.startswith("/")
        else (network.logo.url if network.logo else ""),
        "country_iso_3166": TERRITORIES_COUNTRY,
        "contact_details": {"email": network.email} if network.email else {},
        "relationships": relationships,
    }
    return _without_empty(profile)


def _unique_urls(pairs) -> list[dict]:
    out, seen = [], set()
    for name, url in pairs:
        if url and url not in seen:
            seen.add(url)
            out.append({"name": name, "url": url})
    return out


def member_profile(*, slug: str, base_url: str) -> dict | None:
    """An active member's profile (None when there is no such active member)."""
    member = (
        Member.objects.active()
        .select_related("municipality", "comarca")
        .filter(slug=slug)
        .first()
    )
    if member is None:
        return None
    page = absolute_path("network:member_detail", base_url, slug=member.slug)
    network = network_get_current()
    municipality = member.municipality
    with translation.override(settings.LANGUAGE_CODE):
        kind = str(member.get_kind_display())
    place = ""
    if municipality is not None:
        place = municipality.name
    elif member.comarca is not None:
        place = member.comarca.name
    profile = {
        "linked_schemas": [SCHEMA],
        "name": member.name,
        "primary_url": member.website or page,
        "tags": _unique([kind]),
        "urls": _unique_urls([("Teixit", page), (member.name, member.website)]),
        "full_address": place,
        "country_iso_3166": TERRITORIES_COUNTRY,
        "geolocation": _geolocation(
            getattr(municipality, "latitude", None),
            getattr(municipality, "longitude", None),
        ),
        "relationships": [
            {
                "predicate_url": MEMBER_OF,
                "object_url": network_primary_url(network, base_url),
            }
        ]
        if network is not None
        else [],
    }
    return _without_empty(profile)


def _geolocation(lat, lon) -> dict:
    if lat is None or lon is None:
        return {}
    return {"lat": round(float(lat), 6), "lon": round(float(lon), 6)}


def entity_profile(*, pk: int, base_url: str) -> dict | None:
    """A published entity's profile (None when it is not published)."""
    entity = (
        Entity.objects.published()
        .select_related("legal_form", "municipality", "municipality__comarca")
        .prefetch_related("sectors")
        .filter(pk=pk)
        .first()
    )
    if entity is None:
        return None
    page = absolute_path("entities:detail", base_url, pk=entity.pk)
    contact = entity.public_contact
    municipality = entity.municipality
    lang = settings.LANGUAGE_CODE
    tags = []
    if entity.legal_form_id:
        tags.append(_label(entity.legal_form, lang))
    tags.extend(_label(sector, lang) for sector in entity.sectors.all())
    address = ", ".join(
        part
        for part in (
            entity.address,
            " ".join(p for p in (entity.postcode, municipality.name) if p),
        )
        if part
    )
    point = entity.point
    profile = {
        "linked_schemas": [SCHEMA],
        "name": entity.name,
        "primary_url": contact["website"] or page,
        "description": entity.description,
        "tags": _unique(tags),
        "urls": _unique_urls([("Teixit", page), (entity.name, contact["website"])]),
        "full_address": address,
        "country_iso_3166": municipality_country(municipality.code) or "",
        "geolocation": _geolocation(point[1], point[0]) if point else {},
        "contact_details": {"email": contact["email"]} if contact["email"] else {},
        "telephone": contact["phone"],
    }
    return _without_empty(profile)


def _label(concept, lang: str) -> str:
    return (
        getattr(concept, f"label_{lang}", "")
        or concept.label_ca
        or getattr(concept, "label_en", "")
        or concept.code
    )


def _profile_items(*, base_url: str) -> Iterator[str]:
    """Every profile's address as the JSON text of its index item
    (`{"profile_url": "…"}`): the network's, each active member's, then each
    published entity's (read in primary-key order, a chunk at a time). An
    entity's item is its address's JSON text with the number put in, rather
    than a dump per entity of a million."""

    def item(url: str) -> str:
        return json.dumps({"profile_url": url})

    if network_get_current() is not None:
        yield item(absolute_path("murmurations:network", base_url))
    before, after = absolute_path(
        "murmurations:member", base_url, slug=_SLUG_MARK
    ).split(_SLUG_MARK)
    for slug in Member.objects.active().order_by("name").values_list("slug", flat=True):
        yield item(f"{before}{quote(slug, safe=_PATH_SAFE)}{after}")
    entity_base = absolute_path("murmurations:entity", base_url, pk=0)[: -len("0.json")]
    # Digits and ".json" need no escaping in JSON: the base's text, then them.
    entity_start = item(entity_base)[: -len('"}')]
    last = 0
    while True:
        chunk = list(
            Entity.objects.published()
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:INDEX_CHUNK]
        )
        if not chunk:
            return
        last = chunk[-1]
        for pk in chunk:
            yield f'{entity_start}{pk}.json"}}'


def profile_index_chunks(*, base_url: str) -> Iterator[str]:
    """The index as JSON text, chunk by chunk (constant memory for a million
    entities): `{"data": [{"profile_url": …}, …], "meta": {…}}`."""
    yield '{"data": ['
    count = 0
    batch: list[str] = []
    for text in _profile_items(base_url=base_url):
        batch.append((", " if count else "") + text)
        count += 1
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    meta = {
        "number_of_results": count,
        "schema": SCHEMA,
    }
    yield '], "meta": ' + json.dumps(meta) + "}"
