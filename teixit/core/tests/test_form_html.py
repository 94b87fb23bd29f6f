"""teixit.core.form_html: an unbound form's HTML kept per class, language and
arguments is the HTML `{% form_body %}` writes for a form built now."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from teixit.accounts.tests.factories import UserFactory
from teixit.core import form_html
from teixit.core.form_html import unbound_form_html
from teixit.core.templatetags.teixit import form_body


class _Form(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    on = forms.DateField(label=gettext_lazy("Date"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=[])

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)


@pytest.fixture(autouse=True)
def _forget():
    form_html.forget()
    yield
    form_html.forget()


KINDS = ((1, "Cooperativa"), (2, "Associació"))


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_kept_html_is_the_html_of_a_form_built_now(language):
    kwargs = {"initial": {"title": "Fira <ESS>", "on": dt.date(2026, 12, 5)}}
    with translation.override(language):
        first = unbound_form_html(_Form, kinds=KINDS, **kwargs)
        again = unbound_form_html(_Form, kinds=KINDS, **kwargs)
        fresh = form_body(_Form(kinds=KINDS, **kwargs))
    assert first == again == fresh
    assert "Fira &lt;ESS&gt;" in first
    assert "Associació" in first


def test_each_language_and_each_argument_has_its_own_html():
    with translation.override("ca"):
        catalan = unbound_form_html(_Form, kinds=KINDS)
        other_initial = unbound_form_html(_Form, kinds=KINDS, initial={"title": "B"})
        other_choices = unbound_form_html(_Form, kinds=KINDS[:1])
    with translation.override("es"):
        spanish = unbound_form_html(_Form, kinds=KINDS)
    assert 'value="B"' in other_initial and 'value="B"' not in catalan
    assert "Associació" in catalan and "Associació" not in other_choices
    assert "Títol" in catalan and "Título" in spanish
    # 1 and True are equal keys for a dict: not for the kept forms.
    assert unbound_form_html(_Form, initial={"title": 1}) != unbound_form_html(
        _Form, initial={"title": True}
    )


@pytest.mark.django_db
def test_a_model_instance_is_refused_as_an_argument():
    with pytest.raises(TypeError, match="plain values"):
        unbound_form_html(_Form, initial={"title": UserFactory()})


def test_past_the_limit_the_oldest_forms_are_forgotten(monkeypatch):
    monkeypatch.setattr(form_html, "LIMIT", 4)
    for number in range(5):
        unbound_form_html(_Form, initial={"title": str(number)})
    kept = list(form_html._kept)
    assert len(kept) == 3
    assert all("'0'" not in repr(key) for key in kept)
