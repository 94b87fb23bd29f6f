"""The whole glossary is kept in each process while the register's stamp
holds (every write to a concept or a scheme changes it, raw SQL included);
a search reads the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teixit.vocabulary.selectors import glossary, glossary_whole, scheme_list
from teixit.vocabulary.tests.factories import ConceptFactory, ConceptSchemeFactory

# Committed writes: on PostgreSQL the stamp changes at the commit.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_glossary_page_reads_no_term_while_the_stamp_holds(client):
    from teixit.entities.tests.factories import EntityFactory

    scheme = ConceptSchemeFactory(code="glossari-prova", label_ca="Glossari de prova")
    term = ConceptFactory(
        scheme=scheme,
        code="moneda-social",
        label_ca="Moneda social",
        definition_ca="Una moneda que circula en una comunitat.",
    )
    page = client.get("/glossary/").content.decode()
    assert "Moneda social" in page
    assert "Una moneda que circula en una comunitat." in page
    kept = glossary_whole()

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/glossary/").content.decode()
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "vocabulary_" not in read, read
    assert again.count("Moneda social") == page.count("Moneda social")
    assert glossary_whole() is kept

    # A write that changes the stamp and not the vocabulary keeps it.
    EntityFactory(status="published")
    assert glossary_whole() is kept

    # A write the ORM does not see still changes the stamp (its triggers).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vocabulary_concept SET definition_ca = %s WHERE id = %s",
            ["Un mitjà d'intercanvi local.", term.pk],
        )
    page = client.get("/glossary/").content.decode()
    assert "Un mitjà d&#x27;intercanvi local." in page
    assert "circula en una comunitat" not in page
    schemes, groups = glossary_whole()
    assert [s.code for s in schemes] == [s.code for s in scheme_list()]
    assert [[c.definition_ca for c in g["concepts"]] for g in groups] == [
        [c.definition_ca for c in g["concepts"]] for g in glossary()
    ]

    ConceptFactory(scheme=scheme, code="banc-de-temps", label_ca="Banc de temps")
    assert "Banc de temps" in client.get("/glossary/").content.decode()


def test_a_search_reads_the_terms_it_finds(client):
    scheme = ConceptSchemeFactory(code="glossari-cerca")
    ConceptFactory(scheme=scheme, code="mercat-social", label_ca="Mercat social")
    ConceptFactory(scheme=scheme, code="finances-eticques", label_ca="Finances ètiques")
    glossary_whole()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/glossary/?q=mercat").content.decode()
    assert "vocabulary_concept" in " ".join(q["sql"] for q in queries.captured_queries)
    assert "Mercat social" in page
    assert "Finances ètiques" not in page
    page = client.get("/glossary/?scheme=glossari-cerca").content.decode()
    assert "Mercat social" in page and "Finances ètiques" in page
