"""Writes of the shared vocabulary: importing concept schemes and concepts.

Rules owned here:
- a scheme is identified by its code, a concept by its scheme and code, so
  re-importing a file updates in place and never duplicates;
- an import is all-or-nothing: every file is read and checked first, and a
  malformed one (broken JSON or XML, missing codes or labels, duplicates,
  unknown broader concepts) stops it with a clear message naming the file;
- ESSGlobal SKOS files become schemes of their own (`essglobal-<name>`), with
  their English and Spanish labels as published (empty labels stay empty);
- the default vocabulary is the Teixit file and the ESSGlobal copy shipped in
  `data/essglobal.json.gz` (built from the SKOS files by `build_reference_data`,
  see `reference.py`), so it needs nothing beside the repository.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teixit.core.services import model_update
from teixit.core.translation import LANGUAGE_CODES

from .models import Concept, ConceptScheme
from .schemes import ESSGLOBAL_PREFIX
from .skos import SkosError, read_skos

DEFAULT_FILE = Path(__file__).parent / "data" / "teixit-vocabulary.json"
ESSGLOBAL_FILE = Path(__file__).parent / "data" / "essglobal.json.gz"
ESSGLOBAL_SOURCE = "ESSGlobal (RIPESS), CC BY 3.0"
ESSGLOBAL_TRANSLATIONS = Path(__file__).parent / "data" / "essglobal-translations.json"
SKOS_SUFFIXES = (".skos", ".rdf", ".xml")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass
class ConceptData:
    code: str
    labels: dict[str, str]
    definitions: dict[str, str]
    uri: str = ""
    essglobal_uri: str = ""
    broader: str = ""  # code of the broader concept in the same scheme


@dataclass
class SchemeData:
    code: str
    labels: dict[str, str]
    definitions: dict[str, str]
    uri: str = ""
    source: str = ""
    path: Path | None = None
    concepts: list[ConceptData] = field(default_factory=list)


@dataclass
class ImportResult:
    schemes: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _fail(path: Path, message: str) -> None:
    raise ValidationError(f"{path.name}: {message}", code="invalid_file")


def _texts(value, path: Path, where: str) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        return {"ca": value}
    if not isinstance(value, dict) or not all(
        isinstance(v, str) for v in value.values()
    ):
        _fail(
            path,
            _(
                "%(where)s: labels and definitions must be texts by language (ca, es, en)."
            )
            % {"where": where},
        )
    return {
        lang: text.strip() for lang, text in value.items() if lang in LANGUAGE_CODES
    }


def read_teixit_file(path: Path) -> list[SchemeData]:
    """Read a Teixit vocabulary JSON file (see docs/vocabulary.md for its shape)."""
    path = Path(path)
    if not path.is_file():
        _fail(path, _("the file does not exist (%(path)s).") % {"path": path})
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        _fail(path, _("the file is not UTF-8 text."))
    except json.JSONDecodeError as exc:
        _fail(path, _("broken JSON at line %(line)s, column %(column)s: %(msg)s") % {
            "line": exc.lineno, "column": exc.colno, "msg": exc.msg})  # fmt: skip
    if not isinstance(data, dict) or not isinstance(data.get("schemes"), list):
        _fail(path, _("a JSON object with a list of 'schemes' was expected."))
    schemes: list[SchemeData] = []
    seen_schemes: set[str] = set()
    for s_index, raw in enumerate(data["schemes"], start=1):
        where = _("scheme %(n)s") % {"n": s_index}
        if not isinstance(raw, dict):
            _fail(path, _("%(where)s is not an object.") % {"where": where})
        code = str(raw.get("code") or "").strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", code):
            _fail(
                path,
                _("%(where)s: the code '%(code)s' must be a slug (a-z, 0-9, -).")
                % {"where": where, "code": code},
            )
        if code in seen_schemes:
            _fail(
                path,
                _("%(where)s: duplicate scheme code '%(code)s'.")
                % {"where": where, "code": code},
            )
        seen_schemes.add(code)
        scheme = SchemeData(
            code=code,
            labels=_texts(raw.get("label"), path, where),
            definitions=_texts(raw.get("definition"), path, where),
            uri=str(raw.get("uri") or ""),
            source=str(raw.get("source") or data.get("source") or ""),
            path=path,
        )
        if not any(scheme.labels.values()):
            _fail(
                path,
                _("%(where)s (%(code)s): a label is required.")
                % {"where": where, "code": code},
            )
        seen: set[str] = set()
        _walk(raw.get("concepts", []), "", where, path=path, scheme=scheme, seen=seen)
        for concept in scheme.concepts:
            if concept.broader and concept.broader not in seen:
                _fail(path, _("concept %(code)s: the broader concept '%(broader)s' is not in scheme %(scheme)s.") % {
                    "code": concept.code, "broader": concept.broader, "scheme": code})  # fmt: skip
        schemes.append(scheme)
    return schemes


def _walk(
    items, broader: str, trail: str, *, path: Path, scheme: SchemeData, seen: set[str]
) -> None:
    """Collect the concepts of a (nested) list into `scheme`, checking them."""
    code = scheme.code
    if not isinstance(items, list):
        _fail(
            path,
            _("%(where)s: 'concepts' and 'narrower' must be lists.") % {"where": trail},
        )
    for c_index, item in enumerate(items, start=1):
        c_where = _("%(where)s, concept %(n)s") % {"where": trail, "n": c_index}
        if not isinstance(item, dict):
            _fail(path, _("%(where)s is not an object.") % {"where": c_where})
        c_code = str(item.get("code") or "").strip()
        if not _CODE.match(c_code):
            _fail(path, _("%(where)s: the code '%(code)s' is missing or not valid.") % {
                "where": c_where, "code": c_code})  # fmt: skip
        c_where = f"{c_where} ({c_code})"
        if c_code in seen:
            _fail(path, _("%(where)s: duplicate concept code in scheme %(scheme)s.") % {
                "where": c_where, "scheme": code})  # fmt: skip
        seen.add(c_code)
        labels = _texts(item.get("label"), path, c_where)
        if not any(labels.values()):
            _fail(path, _("%(where)s: a label is required.") % {"where": c_where})
        scheme.concepts.append(
            ConceptData(
                code=c_code,
                labels=labels,
                definitions=_texts(item.get("definition"), path, c_where),
                uri=str(item.get("uri") or ""),
                essglobal_uri=str(item.get("essglobal_uri") or ""),
                broader=str(item.get("broader") or broader or ""),
            )
        )
        _walk(
            item.get("narrower", []),
            c_code,
            c_where,
            path=path,
            scheme=scheme,
            seen=seen,
        )


def essglobal_translations() -> dict:
    """Teixit's Catalan and Spanish texts for the ESSGlobal schemes and concepts
    (`data/essglobal-translations.json`): {scheme code: {"label", "definition",
    "concepts": {concept code: {"label", "definition"}}}}."""
    return json.loads(ESSGLOBAL_TRANSLATIONS.read_text(encoding="utf-8"))["schemes"]


def _translated(
    published: dict[str, str], ours: dict[str, str] | None
) -> dict[str, str]:
    """The published texts with ours laid over them (ours win where given)."""
    texts = {lang: text for lang, text in published.items()}
    texts.update({lang: text for lang, text in (ours or {}).items() if text})
    return texts


def _essglobal_concept_texts(
    labels: dict[str, str], definitions: dict[str, str], ours: dict
) -> tuple[dict[str, str], dict[str, str]]:
    """Labels and definitions of an ESSGlobal concept as the glossary shows
    them: a label that is empty or the bare code (products-services publishes
    "70100000" as the label and the name as the definition) takes the
    definition's text; a definition that only repeats the label is dropped."""
    labels = dict(labels)
    definitions = dict(definitions)
    for lang, label in list(labels.items()):
        if (not label.strip() or label.strip().isdigit()) and definitions.get(lang):
            labels[lang] = definitions[lang]
    if not labels.get("en", "").strip() and definitions.get("en"):
        labels["en"] = definitions["en"]
    labels = _translated(labels, ours.get("label"))
    definitions = _translated(definitions, ours.get("definition"))
    for lang in list(definitions):
        if definitions[lang].strip() == labels.get(lang, "").strip():
            definitions[lang] = ""
    return labels, definitions


def read_essglobal_file(path: Path) -> SchemeData:
    """Read an ESSGlobal SKOS file (RDF/XML) as a scheme `essglobal-<name>`,
    with Teixit's Catalan and Spanish texts (`essglobal_translations`) merged
    in; IRIs, codes and hierarchy are kept as published."""
    path = Path(path)
    try:
        skos = read_skos(path)
    except SkosError as exc:
        raise ValidationError(str(exc), code="invalid_file") from None
    name = skos.uri.rstrip("/#").rsplit("/", 1)[-1] or path.stem
    code = ESSGLOBAL_PREFIX + re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    by_uri = {c.uri: c for c in skos.concepts}
    ours = essglobal_translations().get(code[:64], {})
    scheme = SchemeData(
        code=code[:64],
        labels=_translated(skos.labels, ours.get("label")),
        definitions=_translated(skos.definitions, ours.get("definition")),
        uri=skos.uri,
        source=ESSGLOBAL_SOURCE,
        path=path,
    )
    codes: set[str] = set()
    for concept in skos.concepts:
        c_code = concept.code[:100]
        if c_code in codes:
            _fail(path, _("duplicate concept %(code)s.") % {"code": c_code})
        codes.add(c_code)
        broader = next(
            (by_uri[uri].code for uri in concept.broader if uri in by_uri), ""
        )
        labels, definitions = _essglobal_concept_texts(
            concept.labels,
            concept.definitions,
            ours.get("concepts", {}).get(c_code, {}),
        )
        scheme.concepts.append(
            ConceptData(
                code=c_code,
                labels=labels,
                definitions=definitions,
                uri=concept.uri,
                essglobal_uri=concept.uri,
                broader=broader,
            )
        )
    return scheme


def read_vocabulary_file(path: Path) -> list[SchemeData]:
    """A Teixit JSON file, an ESSGlobal SKOS (RDF/XML) file or the shipped
    ESSGlobal copy (`.json.gz`), by its suffix."""
    from .reference import read_essglobal_reference

    path = Path(path)
    if path.name.lower().endswith(".json.gz"):
        return read_essglobal_reference(path)
    if path.suffix.lower() in SKOS_SUFFIXES:
        return [read_essglobal_file(path)]
    if path.suffix.lower() == ".json":
        return read_teixit_file(path)
    _fail(
        path,
        _(
            "unknown kind of file: use a Teixit .json file, a SKOS .skos/.rdf file "
            "or a shipped .json.gz file."
        ),
    )
    return []  # pragma: no cover


def default_paths() -> list[Path]:
    """The shipped vocabulary: Teixit's own schemes, then the ESSGlobal copy."""
    return [DEFAULT_FILE, ESSGLOBAL_FILE]


@transaction.atomic
def vocabulary_import(*, paths: list[Path]) -> ImportResult:
    """Import vocabulary files, all or nothing; re-importing updates in place."""
    if not paths:
        raise ValidationError(_("No vocabulary file was given."), code="missing_file")
    schemes: list[SchemeData] = []
    origin: dict[str, Path] = {}
    for path in paths:
        for scheme in read_vocabulary_file(path):
            if scheme.code in origin:
                raise ValidationError(
                    _("%(file)s: the scheme %(code)s is also in %(other)s.")
                    % {
                        "file": Path(path).name,
                        "code": scheme.code,
                        "other": origin[scheme.code].name,
                    },
                    code="duplicate_scheme",
                )
            origin[scheme.code] = Path(path)
            schemes.append(scheme)

    result = ImportResult(schemes=len(schemes))
    for data in schemes:
        values = {"uri": data.uri[:500], "source": data.source[:200]}
        for lang in LANGUAGE_CODES:
            values[f"label_{lang}"] = data.labels.get(lang, "")[:200]
            values[f"definition_{lang}"] = data.definitions.get(lang, "")
        scheme = ConceptScheme.objects.filter(code=data.code).first()
        if scheme is None:
            scheme = ConceptScheme(code=data.code, **values)
            scheme.full_clean()
            scheme.save()
        else:
            model_update(instance=scheme, fields=values, data=values)

        existing = {c.code: c for c in scheme.concepts.all()}
        by_code: dict[str, Concept] = {}
        for position, item in enumerate(data.concepts, start=1):
            values = {
                "uri": item.uri[:500],
                "essglobal_uri": item.essglobal_uri[:500],
                "order": position,
            }
            for lang in LANGUAGE_CODES:
                values[f"label_{lang}"] = item.labels.get(lang, "")[:300]
                values[f"definition_{lang}"] = item.definitions.get(lang, "")
            concept = existing.get(item.code)
            if concept is None:
                concept = Concept(scheme=scheme, code=item.code, **values)
                concept.save()
                result.created += 1
            elif model_update(
                instance=concept, fields=values, data=values, clean=False
            ):
                result.updated += 1
            else:
                result.unchanged += 1
            by_code[item.code] = concept
        for item in data.concepts:
            concept = by_code[item.code]
            broader = by_code.get(item.broader) if item.broader else None
            if concept.broader_id != (broader.pk if broader else None):
                concept.broader = broader
                concept.save(update_fields=["broader"])
    return result


def vocabulary_is_loaded() -> bool:
    """Whether the shipped schemes (Teixit's and ESSGlobal's) are in the database."""
    codes = {
        scheme["code"]
        for scheme in json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))["schemes"]
    }
    if ESSGLOBAL_FILE.is_file():
        from .reference import read_essglobal_reference

        codes |= {scheme.code for scheme in read_essglobal_reference(ESSGLOBAL_FILE)}
    return ConceptScheme.objects.filter(code__in=codes).count() == len(codes)
