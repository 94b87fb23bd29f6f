"""Parallel translations of reference data (labels, definitions) in ca/es/en.

Models that hold reference text in the three languages declare columns
`<name>_ca`, `<name>_es`, `<name>_en` and read them with `translated(obj, name)`,
which falls back to Catalan, then to any non-empty value.
"""

from django.utils import translation

LANGUAGE_CODES = ("ca", "es", "en")


def language_order(language: str | None = None) -> tuple[str, ...]:
    """The language codes to read, best first: `language` (default: the
    current one), then the others in LANGUAGE_CODES order."""
    lang = (language or translation.get_language() or "ca")[:2]
    return (lang, *(code for code in LANGUAGE_CODES if code != lang))


def translated(obj, name: str, language: str | None = None) -> str:
    for code in language_order(language):
        value = getattr(obj, f"{name}_{code}", "") or ""
        if value:
            return value
    return ""


def translated_text(texts: dict[str, str], language: str | None = None) -> str:
    """`translated` of plain values: `texts` maps a language code to the text
    in it (a row read with `values()`, say)."""
    for code in language_order(language):
        value = texts.get(code) or ""
        if value:
            return value
    return ""
