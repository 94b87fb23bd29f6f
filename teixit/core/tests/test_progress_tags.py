"""The progress tags write in Python what the progress templates write: the
same HTML, character for character, in each language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

VALUES = [None, 0, 1, 42, 100, 42.5, 0.4, Decimal("66.67"), "37", "", "<b>&</b>"]


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_progress_bar_writes_the_component_template(value, language):
    with translation.override(language):
        expected = render_to_string("components/progress.html", {"value": value})
        written = Template("{% load teixit %}{% progress_bar value %}").render(
            Context({"value": value})
        )
    assert written == expected


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@pytest.mark.parametrize(
    "value", [v for v in VALUES if not isinstance(v, str)], ids=repr
)
def test_plan_progress_writes_the_partial_template(value, language):
    with translation.override(language):
        expected = render_to_string(
            "workplans/partials/_progress.html", {"value": value}
        )
        written = Template("{% load workplans_tags %}{% plan_progress value %}").render(
            Context({"value": value})
        )
    assert written == expected


def test_a_rolled_up_progress_is_shown_rounded_and_nothing_to_count_said():
    with translation.override("ca"):
        html = Template("{% load workplans_tags %}{% plan_progress value %}").render(
            Context({"value": 66.67})
        )
        none = Template("{% load workplans_tags %}{% plan_progress value %}").render(
            Context({"value": None})
        )
    assert 'value="67"' in html and ">67%<" in html
    assert 'class="muted"' in none and "no progress to count" not in none
