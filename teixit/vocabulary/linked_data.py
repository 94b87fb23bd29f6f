"""Linked-data identifiers of the vocabulary (one place for every export).

A concept with an ESSGlobal equivalent is identified by its ESSGlobal IRI;
the others by a resolvable IRI on the platform,
``<public base URL>/vocabulary/<scheme>/<concept>/``, whose page answers HTML
or JSON-LD (SKOS) by content negotiation (`views.ConceptView`). IRIs are
absolute and in the default language's address space, so they stay the same
whatever the language of the request that produced them.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

SKOS = "http://www.w3.org/2004/02/skos/core#"


def public_base_url(request=None) -> str:
    """The site's public address without a trailing slash: the setting
    TEIXIT_PUBLIC_BASE_URL, else the address of the request. Raises
    ValueError when neither is known (a command must be told)."""
    base = getattr(settings, "TEIXIT_PUBLIC_BASE_URL", "") or ""
    if base:
        return base.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    raise ValueError(
        "The public address of the site is unknown: set TEIXIT_PUBLIC_BASE_URL."
    )


def absolute_path(path_name: str, base_url: str, **kwargs) -> str:
    """Absolute address of a named route in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return base_url.rstrip("/") + reverse(path_name, kwargs=kwargs or None)


def concept_platform_iri(scheme: str, code: str, base_url: str) -> str:
    return absolute_path("vocabulary:concept", base_url, scheme=scheme, code=code)


def concept_iri(scheme: str, code: str, essglobal_uri: str, base_url: str) -> str:
    """The IRI of a concept in exported data: ESSGlobal's when it has one."""
    return essglobal_uri or concept_platform_iri(scheme, code, base_url)


def concept_jsonld(concept, base_url: str) -> dict:
    """A concept as a SKOS JSON-LD document."""
    scheme = concept.scheme
    node: dict = {
        "@context": {"skos": SKOS},
        "@id": concept_platform_iri(scheme.code, concept.code, base_url),
        "@type": "skos:Concept",
        "skos:notation": concept.code,
        "skos:inScheme": {
            "@id": scheme.uri
            or absolute_path("vocabulary:glossary", base_url) + f"?scheme={scheme.code}"
        },
        "skos:prefLabel": [
            {"@value": value, "@language": language}
            for language, value in (
                ("ca", concept.label_ca),
                ("es", concept.label_es),
                ("en", concept.label_en),
            )
            if value
        ],
    }
    definitions = [
        {"@value": value, "@language": language}
        for language, value in (
            ("ca", concept.definition_ca),
            ("es", concept.definition_es),
            ("en", concept.definition_en),
        )
        if value
    ]
    if definitions:
        node["skos:definition"] = definitions
    matches = [uri for uri in (concept.essglobal_uri, concept.uri) if uri]
    if matches:
        node["skos:exactMatch"] = [{"@id": uri} for uri in dict.fromkeys(matches)]
    if concept.broader_id:
        broader = concept.broader
        node["skos:broader"] = {
            "@id": concept_platform_iri(broader.scheme.code, broader.code, base_url)
        }
    return node
