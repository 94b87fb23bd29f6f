"""Name normalisation for municipality look-ups.

`name_key()` turns a municipality name as people type it into a comparison key:
lower case, no accents, apostrophes unified, and the leading or trailing article
removed ("L'Hospitalet de Llobregat", "HOSPITALET DE LLOBREGAT, L'" and
"Hospitalet de Llobregat (L')" all give "hospitalet de llobregat").
"""

import functools
import re

from teixit.core.text import fold  # also named by a vocabulary migration

# Articles that official lists move after the name ("Prat de Llobregat, el"):
# Catalan, Spanish, Aranese/Balearic salted article, Galician, Basque lists use none.
ARTICLES = (
    "el", "la", "els", "les", "lo", "los", "las", "es", "sa", "ses", "so",
    "era", "eth", "eras", "o", "a", "os", "as",
)  # fmt: skip
ELIDED = ("l", "s")

_ART = "|".join(ARTICLES)
_ELI = "|".join(ELIDED)
_LEADING = re.compile(rf"^(?:(?:{_ART})\s+|(?:{_ELI})'\s*)")
_TRAILING_COMMA = re.compile(rf",\s*(?:(?:{_ART})|(?:{_ELI})')\s*$")
_TRAILING_PAREN = re.compile(rf"\s*\(\s*(?:(?:{_ART})|(?:{_ELI})')\s*\)\s*$")
_NON_WORD = re.compile(r"[^a-z0-9/]+")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=32768)
def name_key(name: str) -> str:
    """The comparison key of a municipality name (see the module docstring).
    A pure function of the text, remembered for the last 32,768 texts: the
    import's look-ups key every municipality's name (8,000) on each build."""
    text = fold(name).strip()
    # (Each pattern needs its bracket or comma: the usual name skips them.)
    if ")" in text:
        text = _TRAILING_PAREN.sub("", text)
    if "," in text:
        text = _TRAILING_COMMA.sub("", text)
    text = _LEADING.sub("", text.strip())
    text = _NON_WORD.sub(" ", text.replace("/", " / ")).strip()
    return _SPACES.sub(" ", text)


#: Some sources cut names at this length; a cut name matches the one it begins.
CUT_NAME_LENGTH = 40

_PROVINCE_SUFFIX = re.compile(
    r"^(?P<name>.+?)\s*(?:,\s*(?P<after_comma>[^,()]+)|\((?P<in_brackets>[^()]+)\))\s*$"
)


def province_split(text: str, provinces: dict[str, str]) -> tuple[str, str] | None:
    """("Figueres", "17") for "FIGUERES, Girona", "Figueres (Gerona)": a name
    followed by a province, given `provinces` ({name key: code},
    `aliases.province_keys`); None when the text does not end in a province."""
    found = _PROVINCE_SUFFIX.match(text.strip())
    if not found:
        return None
    province = provinces.get(name_key(found["after_comma"] or found["in_brackets"]))
    if province is None or not name_key(found["name"]):
        return None
    return found["name"], province
