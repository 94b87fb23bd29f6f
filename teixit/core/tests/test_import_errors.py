"""The report of what an import refused: one component
(components/import_errors.html) for the practices, funding lines and entities
import pages, its sentences in the core catalogue."""

import pytest
from django.template.loader import get_template, render_to_string
from django.utils import translation

PAGES = (
    "practices/practice_import.html",
    "funding/line_import.html",
    "entities/import_mapping.html",
)


@pytest.mark.parametrize("template", PAGES)
def test_every_import_page_reports_through_the_component(template):
    source = get_template(template).template.source
    assert 'include "components/import_errors.html"' in source
    assert "Nothing has been imported" not in source  # no copy of its markup


@pytest.mark.parametrize(
    "language, intro, row",
    [
        (
            "ca",
            "No s'ha importat res. Corregiu aquestes files",
            "Fila 3: Falta el títol",
        ),
        (
            "es",
            "No se ha importado nada. Corrija estas filas",
            "Fila 3: Falta el títol",
        ),
        (
            "en",
            "Nothing has been imported. Correct these rows",
            "Row 3: Falta el títol",
        ),
    ],
)
def test_refused_rows_are_listed_in_the_language_of_the_page(language, intro, row):
    rows = [(3, "Falta el títol"), (None, "El fitxer no té la columna «title»")]
    with translation.override(language):
        html = render_to_string("components/import_errors.html", {"rows": rows})
    assert 'id="import-errors" role="alert"' in html
    assert intro in html
    assert row in html
    assert "<li>El fitxer no té la columna «title»</li>" in html


def test_problems_of_the_file_have_no_row_and_no_intro():
    html = render_to_string(
        "components/import_errors.html",
        {"problem": "No es pot llegir el fitxer", "problems": ["Falta el nom"]},
    )
    assert '<p class="error">No es pot llegir el fitxer</p>' in html
    assert '<p class="error">Falta el nom</p>' in html
    assert "<ul>" not in html
