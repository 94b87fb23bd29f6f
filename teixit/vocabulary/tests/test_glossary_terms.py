"""The glossary's terms written by `glossary_terms` are the lines the
template's loop wrote: same markup, same escaping, in every language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from teixit.vocabulary.models import Concept

from .factories import ConceptFactory, ConceptSchemeFactory

pytestmark = pytest.mark.django_db

#: The loop the tag replaced, as the glossary's template had it.
LOOP = Template(
    "{% load i18n %}{% for concept in concepts %}\n"
    '<dt id="{{ concept.anchor }}"><a href="#{{ concept.anchor }}" class="glossary-term">'
    "{{ concept.label|default:concept.code }}</a> "
    '<span class="muted glossary-code">{{ concept.code }}</span></dt>\n'
    "<dd>{% if concept.definition %}<p>{{ concept.definition }}</p>{% endif %}"
    '{% if concept.broader %}<p class="muted">{% translate "Broader term:" %} '
    '<a href="#{{ concept.broader.anchor }}">'
    "{{ concept.broader.label|default:concept.broader.code }}</a></p>{% endif %}"
    '{% if concept.essglobal_uri %}<p class="muted">{% translate "ESSGlobal:" %} '
    '<a href="{{ concept.essglobal_uri }}" rel="external">{{ concept.essglobal_uri }}'
    "</a></p>{% endif %}</dd>{% endfor %}"
)
TAG = Template("{% load vocabulary_tags %}{% glossary_terms concepts %}")


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_glossary_terms_writes_what_the_template_loop_wrote(language):
    scheme = ConceptSchemeFactory(code="x<&'\"")
    broad = ConceptFactory(scheme=scheme, code="broad", label_es="", label_en="")
    ConceptFactory(
        scheme=scheme,
        code="a&b",
        label_ca="Cooperativa d'habitatge <i>",
        label_es="",
        label_en='"Housing" & co',
        definition_ca="Definició & <b>negreta</b>",
        broader=broad,
        essglobal_uri="https://example.org/?a=1&b='2'",
    )
    ConceptFactory(scheme=scheme, code="bare", label_ca="", label_es="", label_en="")
    concepts = list(
        Concept.objects.filter(scheme=scheme)
        .select_related("scheme", "broader", "broader__scheme")
        .order_by("code")
    )

    with translation.override(language):
        expected = LOOP.render(Context({"concepts": concepts}))
        written = TAG.render(Context({"concepts": concepts}))

    assert written == expected
    assert "&amp;" in written and "&#x27;" in written
