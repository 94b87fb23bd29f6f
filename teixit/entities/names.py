"""Name keys used to find duplicates and to match municipalities."""

from __future__ import annotations

import difflib
import re

from teixit.core.text import fold
from teixit.territories.text import name_key

# Words that say nothing about which entity it is (legal forms, articles).
_STOP_WORDS = frozenset(
    "sccl scp sl sa slu sal sll coop cooperativa associacio asociacion fundacio fundacion "
    "el la els les l de del dels d i y the los las s c p per a".split()
)
_SPLIT = re.compile(r"[^a-z0-9]+")
SIMILAR_NAME_RATIO = 0.85


def normalise_name(name: str) -> str:
    """Lower case, no accents, no punctuation, no legal-form words or articles:
    "Cooperativa L'Esparver, SCCL" → "esparver"."""
    text = fold(str(name or ""))
    return " ".join(w for w in _SPLIT.split(text) if w and w not in _STOP_WORDS)


def names_are_similar(a: str, b: str) -> bool:
    """Two normalised names are the same or nearly (difflib ratio ≥ 0.85)."""
    if not a or not b:
        return False
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= SIMILAR_NAME_RATIO
        and matcher.quick_ratio() >= SIMILAR_NAME_RATIO
        and matcher.ratio() >= SIMILAR_NAME_RATIO
    )


def municipality_key(name: str) -> str:
    """Comparison key of a municipality name as people type it (any case, with or
    without accents, article before or after): the territories' own key."""
    return name_key(name)
