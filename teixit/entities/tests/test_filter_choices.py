"""The options of the register's filters (legal forms, sectors, SSE criteria,
comarques) read once per process and language while the register's stamp
holds, and the database's own after any write to concepts or comarques."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from teixit.entities.forms import _FILTER_CHOICES, FilterForm, StatusFilterForm
from teixit.territories.models import Comarca
from teixit.territories.tests.factories import ComarcaFactory
from teixit.vocabulary.models import Concept
from teixit.vocabulary.tests.factories import ConceptFactory, ConceptSchemeFactory

FIELDS = ("legal_form", "sector", "criterion", "comarca")


@pytest.fixture(autouse=True)
def _nothing_kept():
    """What earlier tests of the process kept (up to 16 keys) is not this
    test's: a full table would drop an entry this test expects kept."""
    _FILTER_CHOICES.clear()
    yield
    _FILTER_CHOICES.clear()


def options(form_class=FilterForm):
    """(each filter's options, whether concepts or comarques were read)."""
    with CaptureQueriesContext(connection) as queries:
        form = form_class()
    read = any(
        '"vocabulary_concept"' in q["sql"] or '"territories_comarca"' in q["sql"]
        for q in queries.captured_queries
    )
    return {name: list(form.fields[name].choices) for name in FIELDS}, read


def from_the_database():
    def concepts(scheme):
        return [("", str(translation.gettext("Any")))] + [
            (c.code, c.label or c.code)
            for c in Concept.objects.filter(scheme__code=scheme).order_by(
                "order", "code"
            )
        ]

    return {
        "legal_form": concepts("legal-forms"),
        "sector": concepts("sectors"),
        "criterion": concepts("sse-principles"),
        "comarca": [("", str(translation.gettext("Any")))]
        + list(Comarca.objects.order_by("name").values_list("code", "name")),
    }


@pytest.mark.django_db(transaction=True)
def test_filter_options_kept_until_a_concept_or_comarca_is_written():
    sectors = ConceptSchemeFactory(code="sectors")
    food = ConceptFactory(
        scheme=sectors, code="food", label_ca="Alimentació", label_es="Alimentación"
    )
    ConceptFactory(scheme=sectors, code="housing", label_ca="Habitatge", order=1)
    osona = ComarcaFactory(name="Osona")
    with translation.override("ca"):
        first, read = options()
        assert read and first == from_the_database()
        assert ("", "Qualsevol") in first["sector"]
        assert ("food", "Alimentació") in first["sector"]
        again, read = options(StatusFilterForm)
        assert not read, "the second form read concepts or comarques again"
        assert again == first

        Concept.objects.filter(pk=food.pk).update(label_ca="Alimentació i consum")
        edited, read = options()
        assert read and ("food", "Alimentació i consum") in edited["sector"]
        assert edited == from_the_database()

        with connection.cursor() as cursor:  # raw SQL, no signal
            cursor.execute(
                "UPDATE territories_comarca SET name = 'Osona (nova)' WHERE id = %s",
                [osona.pk],
            )
        renamed, read = options()
        assert read and (osona.code, "Osona (nova)") in renamed["comarca"]
        ConceptFactory(scheme=sectors, code="energy", label_ca="Energia")
        assert options()[0] == from_the_database()
        assert not options()[1], "kept again once nothing is written"

    with translation.override("es"):
        spanish, read = options()
        assert read, "each language has its own options"
        assert ("food", "Alimentación") in spanish["sector"]
        assert spanish == from_the_database()
    with translation.override("ca"):
        assert not options()[1]


@pytest.mark.django_db(transaction=True)
def test_a_form_that_changes_its_options_changes_nobody_elses():
    ConceptFactory(scheme=ConceptSchemeFactory(code="sectors"), code="food")
    with translation.override("ca"):
        form = FilterForm()
        form.fields["sector"].choices.append(("y", "y"))
        form.fields["sector"].widget.choices.append(("z", "z"))
        form.fields["comarca"].choices.clear()
        kept, read = options()
        assert not read
        assert kept == from_the_database()


@pytest.mark.django_db(transaction=True)
def test_a_full_table_drops_its_oldest_entry_only():
    from teixit.entities.forms import _filter_choices
    from teixit.entities.selectors import register_stamp

    # A committed write gives the register its stamp (the options' key).
    ConceptFactory(scheme=ConceptSchemeFactory(code="sectors"), code="food")
    assert register_stamp() is not None
    for n in range(16):
        _FILTER_CHOICES[("other", n)] = {}
    with translation.override("ca"):
        first = _filter_choices()
        assert len(_FILTER_CHOICES) == 16
        assert ("other", 0) not in _FILTER_CHOICES
        assert ("other", 15) in _FILTER_CHOICES
        assert _filter_choices() is first  # kept
