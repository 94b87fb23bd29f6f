"""Reads of the shared vocabulary, used by every app that tags content with
concepts (themes, sectors, legal forms…)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from teixit.core.text import fold

from .models import Concept, ConceptScheme
from .schemes import ESSGLOBAL_PREFIX


def concepts_in(scheme_code: str) -> QuerySet[Concept]:
    """The concepts of a scheme, in the scheme's order (broader first, as in the file)."""
    return (
        Concept.objects.filter(scheme__code=scheme_code)
        .select_related("scheme", "broader")
        .order_by("order", "code")
    )


def concept_get(scheme_code: str, code: str) -> Concept:
    """One concept; raises Concept.DoesNotExist."""
    return Concept.objects.select_related("scheme").get(
        scheme__code=scheme_code, code=code
    )


def scheme_list(*, include_essglobal: bool = True) -> QuerySet[ConceptScheme]:
    """Schemes with their number of concepts: Teixit's first, then ESSGlobal's."""
    qs = ConceptScheme.objects.annotate(concept_count=Count("concepts"))
    if not include_essglobal:
        qs = qs.exclude(code__startswith=ESSGLOBAL_PREFIX)
    return sorted(qs, key=lambda s: (s.code.startswith(ESSGLOBAL_PREFIX), s.code))


def scheme_get(code: str) -> ConceptScheme:
    return ConceptScheme.objects.get(code=code)


def concept_search(
    *, q: str | None = None, scheme: str | None = None
) -> QuerySet[Concept]:
    """Concepts whose code, label or definition (any language) contains every
    word of `q`, ignoring case and accents; optionally within one scheme."""
    qs = Concept.objects.select_related("scheme", "broader", "broader__scheme")
    if scheme:
        qs = qs.filter(scheme__code=scheme)
    for word in fold(q or "").split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("scheme__code", "order", "code")


def glossary(*, q: str | None = None, scheme: str | None = None) -> list[dict]:
    """The glossary: the schemes (Teixit's first) with their matching concepts,
    leaving out schemes without matches."""
    concepts = concept_search(q=q, scheme=scheme)
    schemes = ConceptScheme.objects.prefetch_related(
        Prefetch("concepts", queryset=concepts, to_attr="matches")
    )
    if scheme:
        schemes = schemes.filter(code=scheme)
    groups = [{"scheme": s, "concepts": s.matches} for s in schemes if s.matches]
    groups.sort(
        key=lambda g: (g["scheme"].code.startswith(ESSGLOBAL_PREFIX), g["scheme"].code)
    )
    return groups


#: The whole glossary kept in this process (`glossary_whole`).
_whole_kept = None


def _glossary_rows() -> tuple:
    """Everything the whole glossary is made of, as plain values: every
    column of every scheme and concept but the concepts' derived search text."""
    scheme_columns = [f.attname for f in ConceptScheme._meta.concrete_fields]
    concept_columns = [
        f.attname for f in Concept._meta.concrete_fields if f.name != "search_text"
    ]
    return (
        tuple(ConceptScheme.objects.order_by("pk").values_list(*scheme_columns)),
        tuple(Concept.objects.order_by("pk").values_list(*concept_columns)),
    )


def glossary_whole() -> tuple[list[ConceptScheme], list[dict]]:
    """`(scheme_list(), glossary())`: the schemes and every term, the glossary
    page without a search. About a thousand terms with their schemes and
    broader terms, half of the page's time, read once and kept in this
    process while the register's stamp holds (every write to a concept or a
    scheme changes it: `teixit.entities.database`); once it has changed, the
    rows are compared before reading them again. What is kept is read, never
    changed, by the page."""
    global _whole_kept
    # The stamp is the register's (the entities app's), whose triggers cover
    # the vocabulary's tables; a late import keeps the vocabulary app first.
    from teixit.entities.selectors import KeptInProcess

    if _whole_kept is None:
        _whole_kept = KeptInProcess(
            _glossary_rows, lambda _rows: (scheme_list(), glossary())
        )
    return _whole_kept.get()


def concepts_filter_q(scheme_code: str) -> Q:
    """A Q limiting a relation to concepts of one scheme (for limit_choices_to)."""
    return Q(scheme__code=scheme_code)


def concept_refs(through, owner: str, ids, *, language: str | None = None) -> dict:
    """The concepts tagged on each of `ids` through the many-to-many table
    `through` (its field `owner` names the tagged object), as the API writes
    them: {id: [{"code", "label"}, …]}, in the concepts' order (the order of
    `obj.<relation>.all()`), the label `Concept.label` in the current language.
    One query of plain values for a page of objects, no model instances."""
    from teixit.core.translation import language_order

    columns = [f"concept__label_{code}" for code in language_order(language)]
    refs: dict = {}
    rows = (
        through.objects.filter(**{f"{owner}__in": ids})
        .order_by(*(f"concept__{field}" for field in Concept._meta.ordering))
        .values_list(owner, "concept__code", *columns)
    )
    for owner_id, code, *labels in rows:
        label = next((text for text in labels if text), "")
        refs.setdefault(owner_id, []).append({"code": code, "label": label})
    return refs
