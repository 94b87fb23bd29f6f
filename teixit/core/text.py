"""Accent folding, the one way text is compared across Teixit.

`fold()` gives lower-case text without diacritics, with the Catalan "l·l"
joined ("col·lectiu", "col.lectiu" → "collectiu") and typographic apostrophes
made plain: the search index and its queries, municipality and concept look-ups,
entity name keys and the work-plan importer all compare folded text.
"""

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_GEMINATE = re.compile(r"l[·.•‧∙]l", re.IGNORECASE)


def _strip(ch: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
    )


# Latin letters with diacritics (Latin-1 and Latin Extended-A) folded at C
# speed with str.translate; anything else goes through NFKD below.
_TABLE = str.maketrans(
    {
        chr(code): _strip(chr(code))
        for code in range(0xC0, 0x180)
        if _strip(chr(code)) != chr(code)
    }
)


def fold(text: str | None) -> str:
    """Lower-case text without diacritics ("Lliçó" → "llico", "col·lectiu" →
    "collectiu")."""
    if not text:
        return ""
    text = _GEMINATE.sub("ll", text.translate(_TABLE)).translate(_APOSTROPHES)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text.casefold()
