"""Issue 18.5: the apps name a concept scheme by a constant of
`teixit.vocabulary.schemes`, not by a string literal of their own."""

import ast
import gzip
import json
from pathlib import Path

import teixit
from teixit.vocabulary import schemes

PACKAGE = Path(teixit.__file__).parent
DATA = PACKAGE / "vocabulary" / "data"
CODES = {
    value
    for name, value in vars(schemes).items()
    if name.isupper() and name != "ESSGLOBAL_PREFIX"
}

# Files being rewritten in parallel by issue 18.1-18.2 (the entity register's
# one rule set and its importer package); they take the constants there.
PENDING = (
    "entities/forms.py",
    "entities/api.py",
    "entities/importing",
    "entities/validation",
)

# Where a string names a scheme: keyword arguments, dict keys and calls.
SCHEME_KEYWORDS = ("scheme__code", "scheme__code__in", "breakdown_scheme")
SCHEME_CALLS = {"in_scheme", "concepts_in", "concept_get", "concept_field"}


def _strings(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [s for element in node.elts for s in _strings(element)]
    return []


def scheme_literals(source: str) -> list[tuple[int, str]]:
    """(line, code) of each scheme code written as a string where a scheme is
    named."""
    found = []
    for node in ast.walk(ast.parse(source)):
        values = []
        if isinstance(node, ast.keyword) and (node.arg or "").endswith(SCHEME_KEYWORDS):
            values = _strings(node.value)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and str(key.value).endswith(
                    SCHEME_KEYWORDS
                ):
                    values += _strings(value)
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in SCHEME_CALLS and node.args:
                values = _strings(node.args[0])
        elif isinstance(node, ast.Compare) and any(
            "scheme" in (getattr(part, "id", None) or getattr(part, "attr", ""))
            for part in [node.left, *node.comparators]
        ):
            # `scheme == "sectors"` (not `name != "themes"`, a field's name).
            values = [
                s for part in [node.left, *node.comparators] for s in _strings(part)
            ]
        found += [
            (node.lineno, value)
            for value in values
            if value in CODES or value.startswith(schemes.ESSGLOBAL_PREFIX)
        ]
    return found


def test_every_scheme_constant_names_a_shipped_scheme():
    shipped = json.loads((DATA / "teixit-vocabulary.json").read_text())
    codes = {scheme["code"] for scheme in shipped["schemes"]}
    assert CODES <= codes
    with gzip.open(DATA / "essglobal.json.gz") as essglobal:
        others = {scheme["code"] for scheme in json.load(essglobal)["schemes"]}
    assert others and all(c.startswith(schemes.ESSGLOBAL_PREFIX) for c in others)


def test_apps_name_schemes_by_their_constants():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or relative.startswith(PENDING):
            continue
        if relative == "vocabulary/schemes.py":
            continue
        found += [
            f"teixit/{relative}:{line}: {code!r}"
            for line, code in scheme_literals(path.read_text())
        ]
    assert not found, "use teixit.vocabulary.schemes:\n" + "\n".join(found)


def test_the_check_finds_literals_wherever_a_scheme_is_named():
    source = """
Concept.objects.filter(scheme__code="themes")
Concept.objects.filter(scheme__code__in=["legal-forms", "sectors"])
Concept.objects.in_scheme("sse-principles")
Entity.objects.filter(legal_form__scheme__code="legal-forms")
field = models.ForeignKey(Concept, limit_choices_to={"scheme__code": "material-types"})
IndicatorDef(breakdown_scheme="sectors")
if scheme == "municipal-services":
    pass
prefetch_related("themes", "sectors")  # field names, not schemes
if name in ("themes", "file") or name != "sectors":
    pass
Concept.objects.filter(scheme__code=THEMES)
"""
    assert [code for _line, code in sorted(scheme_literals(source))] == [
        "themes",
        "legal-forms",
        "sectors",
        "sse-principles",
        "legal-forms",
        "material-types",
        "sectors",
        "municipal-services",
    ]
