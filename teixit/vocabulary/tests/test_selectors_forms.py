import pytest
from django.utils import translation

from teixit.vocabulary.forms import concept_field
from teixit.vocabulary.selectors import concept_search, concepts_in

pytestmark = pytest.mark.django_db


def test_concepts_in_keeps_the_file_order(vocabulary):
    codes = list(concepts_in("legal-forms").values_list("code", flat=True))
    assert codes[:3] == [
        "cooperativa",
        "cooperativa-treball-associat",
        "cooperativa-consum",
    ]
    assert codes[-1] == "altres-formes"
    assert not concepts_in("no-such-scheme").exists()


@pytest.mark.parametrize(
    ("q", "code"),
    [
        ("genere", "igualtat-genere"),
        ("GÈNERE", "igualtat-genere"),
        ("género", "igualtat-genere"),
        ("energia", "energia"),
        ("energía", "energia"),
        ("treball associat", "cooperativa-treball-associat"),
        ("col·lectiu", "col-lectiu-informal"),
        ("collectiu", "col-lectiu-informal"),
        ("worker cooperative", "cooperativa-treball-associat"),
    ],
)
def test_concept_search_ignores_case_and_accents(vocabulary, q, code):
    assert code in set(concept_search(q=q).values_list("code", flat=True))


def test_concept_search_within_a_scheme(vocabulary):
    results = concept_search(q="habitatge", scheme="sectors")
    assert list(results.values_list("scheme__code", flat=True).distinct()) == [
        "sectors"
    ]


def test_concept_field_limits_choices_to_the_scheme_and_translates_labels(vocabulary):
    field = concept_field("legal-forms", label="Legal form")
    assert set(field.queryset.values_list("scheme__code", flat=True)) == {"legal-forms"}
    assert not field.required
    with translation.override("es"):
        labels = [label for _, label in field.choices]
    assert "Cooperativa de trabajo asociado" in labels
    multiple = concept_field("sectors", multiple=True, required=True)
    energy = concepts_in("sectors").get(code="energia")
    assert list(multiple.clean([energy.pk])) == [energy]
    other = concepts_in("themes").first()
    with pytest.raises(Exception, match="valid choice|vàlida|válida"):
        multiple.clean([other.pk])
