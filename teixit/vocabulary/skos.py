"""A small SKOS reader for RDF/XML files (the ESSGlobal vocabularies), on the
standard library: concept schemes, concepts, labels by language, definitions
or scope notes, broader/narrower. Relative URIs are resolved against xml:base;
empty labels are kept empty."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
XML = "http://www.w3.org/XML/1998/namespace"
LANGUAGES = ("ca", "es", "en")


class SkosError(ValueError):
    """The file is not readable RDF/XML SKOS."""


@dataclass
class SkosConcept:
    uri: str
    code: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    broader: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    notation: str = ""


@dataclass
class SkosScheme:
    uri: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    concepts: list[SkosConcept] = field(default_factory=list)


def _lang(element: ET.Element) -> str:
    return (element.get(f"{{{XML}}}lang") or "").lower()[:2]


def _text(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", (element.text or "")).strip()


def _put(target: dict[str, str], element: ET.Element) -> None:
    lang = _lang(element) or "en"
    if lang in LANGUAGES and not target.get(lang):
        target[lang] = _text(element)


def code_from_uri(uri: str) -> str:
    """The last segment of a URI (after '#' or '/'), as a concept code."""
    tail = uri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return tail or uri


def read_skos(path: Path) -> SkosScheme:
    """Read one SKOS file in RDF/XML; raises SkosError with a clear reason."""
    path = Path(path)
    try:
        tree = ET.parse(path)
    except FileNotFoundError:
        raise SkosError(f"{path.name}: the file does not exist.") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise SkosError(
            f"{path.name}: broken XML at line {line}, column {column}."
        ) from None
    root = tree.getroot()
    if root.tag != f"{{{RDF}}}RDF":
        raise SkosError(f"{path.name}: an rdf:RDF document was expected.")
    base = root.get(f"{{{XML}}}base") or ""

    def resolve(value: str | None) -> str:
        return urljoin(base, value or "") if base else (value or "")

    scheme: SkosScheme | None = None
    concepts: dict[str, SkosConcept] = {}
    for element in root:
        kind = element.tag
        if kind == f"{{{RDF}}}Description":
            types = [
                resolve(t.get(f"{{{RDF}}}resource"))
                for t in element.findall(f"{{{RDF}}}type")
            ]
            if f"{SKOS}ConceptScheme" in types:
                kind = f"{{{SKOS}}}ConceptScheme"
            elif f"{SKOS}Concept" in types:
                kind = f"{{{SKOS}}}Concept"
        about = resolve(element.get(f"{{{RDF}}}about"))
        if kind == f"{{{SKOS}}}ConceptScheme":
            scheme = scheme or SkosScheme(uri=about)
            for child in element:
                if child.tag in (
                    f"{{{DC}}}title",
                    f"{{{DCTERMS}}}title",
                    f"{{{SKOS}}}prefLabel",
                ):
                    _put(scheme.labels, child)
                elif child.tag in (
                    f"{{{DC}}}description",
                    f"{{{DCTERMS}}}description",
                    f"{{{SKOS}}}definition",
                ):
                    _put(scheme.definitions, child)
        elif kind == f"{{{SKOS}}}Concept":
            if not about:
                raise SkosError(f"{path.name}: a concept without rdf:about.")
            concept = concepts.setdefault(
                about, SkosConcept(uri=about, code=code_from_uri(about))
            )
            for child in element:
                if child.tag == f"{{{SKOS}}}prefLabel":
                    _put(concept.labels, child)
                elif child.tag in (f"{{{SKOS}}}definition", f"{{{SKOS}}}scopeNote"):
                    _put(concept.definitions, child)
                elif child.tag == f"{{{SKOS}}}broader":
                    concept.broader.append(resolve(child.get(f"{{{RDF}}}resource")))
                elif child.tag == f"{{{SKOS}}}narrower":
                    concept.narrower.append(resolve(child.get(f"{{{RDF}}}resource")))
                elif child.tag == f"{{{SKOS}}}notation":
                    concept.notation = _text(child)
    if scheme is None:
        if not concepts:
            raise SkosError(f"{path.name}: no SKOS concept scheme or concepts found.")
        scheme = SkosScheme(uri=base)
    # narrower links become broader links of the narrower concept
    for concept in concepts.values():
        for uri in concept.narrower:
            if uri in concepts and concept.uri not in concepts[uri].broader:
                concepts[uri].broader.append(concept.uri)
    scheme.concepts = list(concepts.values())
    return scheme
