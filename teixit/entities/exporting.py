"""Open-data exports of published entities: CSV, GeoJSON and JSON-LD.

Every exporter is a generator of text chunks reading the database in
primary-key order, `chunk_size` rows at a time (keyset pagination, with the
sectors and criteria of each chunk fetched in one query each), so a million
entities use constant memory whether written to a file or streamed to a
browser. Only public fields leave: contact fields marked private, proposers'
details, internal notes and tax IDs of natural persons (NIF/NIE, personal data)
are never exported; tax IDs of legal persons (CIF) are.

The licence is the network's open-data licence (`Network.open_data_licence`
and its URL): a `licence` column in CSV, `licence` members in GeoJSON and
`license` of the schema:Dataset node in JSON-LD.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from teixit.core.db import sqlite_without_mmap
from teixit.core.spreadsheets import safe_csv_writer
from teixit.territories.selectors import municipality_country

from .models import Entity

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonld": ("application/ld+json", "jsonld"),
}
ESSGLOBAL = "http://purl.org/essglobal/vocab/"
_LEGAL_PERSON_PREFIXES = set("ABCDEFGHJNPQRSUVW")

VALUE_FIELDS = [
    "pk", "name", "description", "tax_id", "address", "postcode",
    "latitude", "longitude", "location_approximate",
    "website", "website_public", "email", "email_public", "phone", "phone_public",
    "year_founded", "workers_total", "workers_women", "members_count", "social_balance_year",
    "last_verified_on", "updated_at",
    "municipality__code", "municipality__name", "municipality__latitude", "municipality__longitude",
    "municipality__comarca__code", "municipality__comarca__name",
    "legal_form__code", "legal_form__label_ca", "legal_form__essglobal_uri", "legal_form__uri",
]  # fmt: skip

CSV_COLUMNS = [
    "id", "name", "legal_form", "legal_form_label", "sectors", "criteria", "description",
    "tax_id", "address", "postcode", "municipality_code", "municipality", "comarca",
    "latitude", "longitude", "location_approximate", "website", "email", "phone",
    "year_founded", "workers_total", "workers_women", "members_count",
    "social_balance_year", "last_verified_on", "url", "licence",
]  # fmt: skip


def licence() -> dict[str, str]:
    from teixit.network.selectors import network_get_current

    network = network_get_current()
    if network is None:
        return {
            "name": "CC BY 4.0",
            "url": "https://creativecommons.org/licenses/by/4.0/",
            "publisher": settings.SITE_NAME,
        }
    return {
        "name": network.open_data_licence,
        "url": network.open_data_licence_url,
        "publisher": network.name,
    }


def public_rows(qs: QuerySet[Entity], *, chunk_size: int = 2000) -> Iterator[dict]:
    """Plain dicts with only what may be published, in pk order, chunk by chunk."""
    with sqlite_without_mmap():  # a long scan: keep resident memory flat
        yield from _public_rows(qs, chunk_size)


def _public_rows(qs: QuerySet[Entity], chunk_size: int) -> Iterator[dict]:
    qs = qs.order_by("pk")
    # In the default language's address space: identifiers of the open data
    # must not change with the language of the request that exported them.
    with translation.override(settings.LANGUAGE_CODE):
        base_path = reverse("entities:detail", kwargs={"pk": 0})[:-2]
    last = 0
    sectors_through = Entity.sectors.through
    criteria_through = Entity.criteria.through
    while True:
        rows = list(qs.filter(pk__gt=last).values(*VALUE_FIELDS)[:chunk_size])
        if not rows:
            return
        pks = [row["pk"] for row in rows]
        last = pks[-1]
        sectors: dict[int, list[tuple[str, str]]] = {}
        for entity_id, code, uri in sectors_through.objects.filter(
            entity_id__in=pks
        ).values_list("entity_id", "concept__code", "concept__essglobal_uri"):
            sectors.setdefault(entity_id, []).append((code, uri))
        criteria: dict[int, list[tuple[str, str]]] = {}
        for entity_id, code, uri in criteria_through.objects.filter(
            entity_id__in=pks
        ).values_list("entity_id", "concept__code", "concept__essglobal_uri"):
            criteria.setdefault(entity_id, []).append((code, uri))
        for row in rows:
            pk = row["pk"]
            tax_id = row["tax_id"]
            if tax_id and tax_id[0] not in _LEGAL_PERSON_PREFIXES:
                tax_id = ""  # a person's NIF/NIE is personal data
            lat, lon = row["latitude"], row["longitude"]
            if lat is None or lon is None:
                lat, lon = row["municipality__latitude"], row["municipality__longitude"]
            yield {
                "id": pk,
                "name": row["name"],
                "legal_form": row["legal_form__code"] or "",
                "legal_form_label": row["legal_form__label_ca"] or "",
                "legal_form_uri": row["legal_form__essglobal_uri"]
                or row["legal_form__uri"]
                or "",
                "sectors": sectors.get(pk, []),
                "criteria": criteria.get(pk, []),
                "description": row["description"],
                "tax_id": tax_id,
                "address": row["address"],
                "postcode": row["postcode"],
                "municipality_code": row["municipality__code"],
                "municipality": row["municipality__name"],
                "comarca": row["municipality__comarca__name"] or "",
                "latitude": lat,
                "longitude": lon,
                "location_approximate": row["location_approximate"],
                "website": row["website"] if row["website_public"] else "",
                "email": row["email"] if row["email_public"] else "",
                "phone": row["phone"] if row["phone_public"] else "",
                "year_founded": row["year_founded"],
                "workers_total": row["workers_total"],
                "workers_women": row["workers_women"],
                "members_count": row["members_count"],
                "social_balance_year": row["social_balance_year"],
                "last_verified_on": row["last_verified_on"].isoformat()
                if row["last_verified_on"]
                else "",
                "path": f"{base_path}{pk}/",
            }


def _blank(value) -> str:
    return "" if value is None else value


def export_csv(
    qs: QuerySet[Entity], *, base_url: str = "", chunk_size: int = 2000
) -> Iterator[str]:
    lic = licence()
    lic_text = f"{lic['name']} ({lic['url']}), {lic['publisher']}"
    buffer = io.StringIO()
    writer = safe_csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for row in public_rows(qs, chunk_size=chunk_size):
        writer.writerow(
            [
                row["id"], row["name"], row["legal_form"], row["legal_form_label"],
                ";".join(code for code, _uri in row["sectors"]),
                ";".join(code for code, _uri in row["criteria"]),
                row["description"], row["tax_id"], row["address"], row["postcode"],
                row["municipality_code"], row["municipality"], row["comarca"],
                _blank(row["latitude"]), _blank(row["longitude"]),
                "1" if row["location_approximate"] else "0",
                row["website"], row["email"], row["phone"],
                _blank(row["year_founded"]), _blank(row["workers_total"]), _blank(row["workers_women"]),
                _blank(row["members_count"]), _blank(row["social_balance_year"]),
                row["last_verified_on"], base_url + row["path"], lic_text,
            ]
        )  # fmt: skip
        count += 1
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _feature(row: dict, base_url: str) -> dict:
    properties = {
        key: row[key]
        for key in (
            "id", "name", "legal_form", "legal_form_label", "description", "tax_id", "address",
            "postcode", "municipality_code", "municipality", "comarca", "location_approximate",
            "website", "email", "phone", "year_founded", "workers_total", "workers_women",
            "members_count", "social_balance_year", "last_verified_on",
        )
    }  # fmt: skip
    properties["sectors"] = [code for code, _uri in row["sectors"]]
    properties["criteria"] = [code for code, _uri in row["criteria"]]
    properties["url"] = base_url + row["path"]
    geometry = None
    if row["latitude"] is not None and row["longitude"] is not None:
        geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": geometry,
        "properties": properties,
    }


def export_geojson(
    qs: QuerySet[Entity], *, base_url: str = "", chunk_size: int = 2000
) -> Iterator[str]:
    lic = licence()
    head = {
        "type": "FeatureCollection",
        "name": "sse-entities",
        "licence": lic["name"],
        "licence_url": lic["url"],
        "publisher": lic["publisher"],
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n'
    parts: list[str] = []
    first = True
    for row in public_rows(qs, chunk_size=chunk_size):
        parts.append(
            ("" if first else ",\n")
            + json.dumps(_feature(row, base_url), ensure_ascii=False)
        )
        first = False
        if len(parts) >= 500:
            yield "".join(parts)
            parts = []
    yield "".join(parts) + "\n]}\n"


JSONLD_CONTEXT = {
    "@vocab": "https://schema.org/",
    "schema": "https://schema.org/",
    "essglobal": ESSGLOBAL,
    "legalForm": {"@id": "essglobal:legalForm", "@type": "@id"},
    "economicSector": {"@id": "essglobal:economicSector", "@type": "@id"},
    "qualifier": {"@id": "essglobal:qualifier", "@type": "@id"},
    "totalWomen": {"@id": "essglobal:totalWomen"},
    "totalOfMembers": {"@id": "essglobal:totalOfMembers"},
    "license": {"@id": "schema:license", "@type": "@id"},
    "url": {"@id": "schema:url", "@type": "@id"},
}


def _concept_ref(scheme: str, code: str, uri: str, base_url: str) -> str:
    """ESSGlobal's IRI of the concept when it has one, else its resolvable IRI
    on the platform (teixit.vocabulary.linked_data)."""
    from teixit.vocabulary.linked_data import concept_iri

    essglobal = uri if uri and "essglobal" in uri.lower() else ""
    return concept_iri(scheme, code, essglobal, base_url)


def _organization(row: dict, base_url: str) -> dict:
    node: dict = {
        "@id": base_url + row["path"],
        "@type": ["Organization", "essglobal:SSEInitiative"],
        "identifier": str(row["id"]),
        "name": row["name"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": row["address"] or None,
            "postalCode": row["postcode"] or None,
            "addressLocality": row["municipality"],
            "addressRegion": row["comarca"] or None,
            "addressCountry": municipality_country(row["municipality_code"]),
        },
    }
    if row["description"]:
        node["description"] = row["description"]
    if row["latitude"] is not None:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": row["latitude"],
            "longitude": row["longitude"],
        }
    for key, term in (
        ("website", "url"),
        ("email", "email"),
        ("phone", "telephone"),
        ("tax_id", "taxID"),
    ):
        if row[key]:
            node[term] = row[key]
    if row["year_founded"]:
        node["foundingDate"] = str(row["year_founded"])
    if row["workers_total"] is not None:
        node["numberOfEmployees"] = {
            "@type": "QuantitativeValue",
            "value": row["workers_total"],
        }
    if row["workers_women"] is not None:
        node["totalWomen"] = row["workers_women"]
    if row["members_count"] is not None:
        node["totalOfMembers"] = row["members_count"]
    if row["legal_form"]:
        node["legalForm"] = _concept_ref(
            "legal-forms", row["legal_form"], row["legal_form_uri"], base_url
        )
    if row["sectors"]:
        node["economicSector"] = [
            _concept_ref("sectors", code, uri, base_url) for code, uri in row["sectors"]
        ]
    if row["criteria"]:
        node["qualifier"] = [
            _concept_ref("sse-principles", code, uri, base_url)
            for code, uri in row["criteria"]
        ]
    node["address"] = {k: v for k, v in node["address"].items() if v is not None}
    return node


def export_jsonld(
    qs: QuerySet[Entity], *, base_url: str = "", chunk_size: int = 2000
) -> Iterator[str]:
    """Schema.org + ESSGlobal JSON-LD whose identifiers are all absolute:
    `base_url`, else the TEIXIT_PUBLIC_BASE_URL setting (ValueError when
    neither is known)."""
    from teixit.vocabulary.linked_data import public_base_url

    base_url = base_url.rstrip("/") or public_base_url()
    lic = licence()
    dataset = {
        "@id": base_url + reverse("entities:export"),
        "@type": "Dataset",
        "name": "SSE entities",
        "license": lic["url"],
        "creditText": lic["name"],
        "publisher": {"@type": "Organization", "name": lic["publisher"]},
        "dateModified": timezone.now().isoformat(timespec="seconds"),
    }
    yield (
        '{"@context": '
        + json.dumps(JSONLD_CONTEXT)
        + ', "@graph": [\n'
        + json.dumps(dataset, ensure_ascii=False)
    )
    parts: list[str] = []
    for row in public_rows(qs, chunk_size=chunk_size):
        parts.append(
            ",\n" + json.dumps(_organization(row, base_url), ensure_ascii=False)
        )
        if len(parts) >= 500:
            yield "".join(parts)
            parts = []
    yield "".join(parts) + "\n]}\n"


EXPORTERS = {"csv": export_csv, "geojson": export_geojson, "jsonld": export_jsonld}
