from django import forms
from django.test.html import parse_html

from teixit.core.widgets import LongSelect, ReadyChoices

CHOICES = [
    ("", "Totes"),
    ("080193", "Barcelona (12)"),
    ("081691", 'Sant Joan d\'Espí <"&">'),
    ("Grup", [("1", "u"), ("2", "dos")]),
]


class Plain(forms.Form):
    place = forms.ChoiceField(choices=CHOICES, required=False)


class Long(forms.Form):
    place = forms.ChoiceField(choices=CHOICES, required=False, widget=LongSelect)


def test_long_select_writes_the_same_html_as_djangos_select():
    for data in (None, {"place": "081691"}, {"place": "2"}):
        plain = Plain(data)["place"].as_widget(attrs={"aria-describedby": "x"})
        fast = Long(data)["place"].as_widget(attrs={"aria-describedby": "x"})
        assert parse_html(fast) == parse_html(plain)
    assert "&lt;&quot;&amp;&quot;&gt;" in Long()["place"].as_widget()
    assert '081691" selected' in Long({"place": "081691"})["place"].as_widget()


class Ready(forms.Form):
    place = forms.ChoiceField(required=False, widget=LongSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = ReadyChoices(CHOICES)


def test_ready_choices_are_shown_and_validated_as_a_list_of_choices():
    for data in (None, {"place": "081691"}, {"place": "2"}):
        assert parse_html(Ready(data)["place"].as_widget()) == parse_html(
            Long(data)["place"].as_widget()
        )
    assert Ready({"place": "080193"}).is_valid()
    assert Ready({"place": "2"}).is_valid()  # an option of a group
    unknown = Ready({"place": "999999"})
    assert not unknown.is_valid()
    assert unknown.errors["place"] == Plain({"place": "999999"}).errors["place"]


def test_ready_choices_are_not_checked_again_when_set(monkeypatch):
    """Django's setter normalises a list option by option (twice: the field
    and its widget); ready choices are kept as they are."""
    from django.utils import choices as django_choices

    seen = []
    original = django_choices.normalize_choices

    def counting(value, *, depth=0):
        seen.append(value)
        return original(value, depth=depth)

    monkeypatch.setattr(django_choices, "normalize_choices", counting)
    monkeypatch.setattr(forms.fields, "normalize_choices", counting)
    monkeypatch.setattr(forms.widgets, "normalize_choices", counting)
    field = forms.ChoiceField(widget=LongSelect)
    field.choices = ReadyChoices(CHOICES)
    assert not any(isinstance(value, list) and len(value) == 4 for value in seen)
