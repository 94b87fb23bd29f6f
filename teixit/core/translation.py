"""Parallel translations of reference data (labels, definitions) in ca/es/en.

Models that hold reference text in the three languages declare columns
`<name>_ca`, `<name>_es`, `<name>_en` and read them with `translated(obj, name)`,
which falls back to Catalan, then to any non-empty value.
"""

from django.utils import translation

LANGUAGE_CODES = ("ca", "es", "en")


def translated(obj, name: str, language: str | None = None) -> str:
    lang = (language or translation.get_language() or "ca")[:2]
    order = [lang] + [code for code in LANGUAGE_CODES if code != lang]
    for code in order:
        value = getattr(obj, f"{name}_{code}", "") or ""
        if value:
            return value
    return ""


def translated_text(texts: dict[str, str], language: str | None = None) -> str:
    """`translated` of plain values: `texts` maps a language code to the text
    in it (a row read with `values()`, say)."""
    lang = (language or translation.get_language() or "ca")[:2]
    order = [lang] + [code for code in LANGUAGE_CODES if code != lang]
    for code in order:
        value = texts.get(code) or ""
        if value:
            return value
    return ""
