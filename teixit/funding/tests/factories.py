"""Factories of funding lines. `make_line` goes through the service, so that
the line's areas are expanded as in real use."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from teixit.funding.models import THEME_SCHEME, FundingLine
from teixit.vocabulary.models import Concept, ConceptScheme


class ThemeSchemeFactory(DjangoModelFactory):
    code = THEME_SCHEME
    label_ca = "Temes"

    class Meta:
        model = ConceptScheme
        django_get_or_create = ["code"]


class ThemeFactory(DjangoModelFactory):
    scheme = factory.SubFactory(ThemeSchemeFactory)
    code = factory.Sequence(lambda n: f"theme-{n}")
    label_ca = factory.Sequence(lambda n: f"Tema {n}")
    label_en = factory.LazyAttribute(lambda o: o.label_ca)

    class Meta:
        model = Concept
        django_get_or_create = ["scheme", "code"]


class FundingLineFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Línia {n}")
    level = FundingLine.Level.PROVINCE
    administration = "Diputació de Barcelona"
    execution_start = date(2026, 1, 1)
    execution_end = date(2026, 12, 31)

    class Meta:
        model = FundingLine


def make_line(
    *,
    by,
    themes,
    beneficiaries=("cooperatives",),
    comarques=(),
    municipalities=(),
    provinces=(),
    whole_catalonia=False,
    **fields,
) -> FundingLine:
    from teixit.funding.services import funding_line_save

    line = FundingLineFactory.build(whole_catalonia=whole_catalonia, **fields)
    return funding_line_save(
        line=line,
        themes=themes,
        beneficiaries=beneficiaries,
        provinces=provinces,
        comarques=comarques,
        municipalities=municipalities,
        by=by,
    )
