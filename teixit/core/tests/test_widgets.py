from django import forms
from django.test.html import parse_html

from teixit.core.widgets import LongSelect

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
