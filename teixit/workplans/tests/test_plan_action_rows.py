"""The plan overview's action rows written in Python (`{% plan_action_rows %}`,
teixit/workplans/templatetags/workplans_tags.py): the same HTML as the
template below, which the overview's loop was, for every kind of row."""

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from teixit.network.tests.factories import BodyFactory
from teixit.workplans.models import Action, Responsibility
from teixit.workplans.selectors import plan_tree
from teixit.workplans.templatetags.workplans_tags import plan_action_rows

from .factories import (
    ActionFactory,
    ObjectiveFactory,
    PeriodFactory,
    PlannedPeriodFactory,
    ResponsibilityFactory,
)

pytestmark = pytest.mark.django_db

ACTION_ROW = """{% load workplans_tags teixit %}{% for action in actions %}
<tr>
  <td>{{ action.code }}</td>
  <td><a href="{% url 'workplans:action_detail' action.pk %}">{{ action.text }}</a></td>
  <td>
    <ul class="responsibilities">{% for r in action.responsibility_list %}
    <li><span class="role">{{ r.role_label }}:</span> {% if r.body %}{{ r.body.name }}{% else %}<span class="free-text">{{ r.text }}</span>{% endif %}</li>{% endfor %}
    </ul>
  </td>
  <td>{% for p in action.planned_list %}{{ p.period.label }}{% if not forloop.last %}, {% endif %}{% empty %}<span class="muted">—</span>{% endfor %}</td>
  <td><span class="badge badge-{{ action.status }}">{{ action.status_label }}</span>{% if action.is_late %} <span class="badge badge-late">{{ late_label }}</span>{% endif %}</td>
  <td>{% progress_bar action.progress %}</td>
</tr>{% endfor %}"""


@pytest.fixture
def objective():
    objective = ObjectiveFactory(title="Objectiu <i>&</i>")
    plan = objective.line.plan
    first, second = (
        PeriodFactory(plan=plan, label="2017 <1r>"),
        PeriodFactory(plan=plan, label="2018"),
    )
    body = BodyFactory(name="Comissió <tècnica> & executiva")
    late = ActionFactory(
        objective=objective,
        text='Fer un "mapa" <b>de</b> l\'ESS & més',
        status=Action.Status.IN_PROGRESS,
        progress=35,
    )
    ResponsibilityFactory(action=late, body=body)
    ResponsibilityFactory(
        action=late, role=Responsibility.Role.SUPPORT, text="Ajuntaments <tots>"
    )
    PlannedPeriodFactory(action=late, period=first)
    PlannedPeriodFactory(action=late, period=second)
    ActionFactory(objective=objective, text="Sense res", status=Action.Status.DONE)
    return objective


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_rows_are_the_templates(objective, language):
    with translation.override(language):
        tree = plan_tree(objective.line.plan, today=dt.date(2030, 1, 1))
        actions = tree.lines[0].objective_list[0].shown_actions
        assert len(actions) == 2 and any(a.is_late for a in actions)
        late_label = translation.gettext("Late")
        ours = plan_action_rows(actions, late_label)
        theirs = (
            engines["django"]
            .from_string(ACTION_ROW)
            .render({"actions": actions, "late_label": late_label})
        )
    assert ours == theirs
    assert "&lt;b&gt;de&lt;/b&gt;" in ours and "<b>" not in ours
    assert "Comissió &lt;tècnica&gt; &amp; executiva" in ours
    assert plan_action_rows([], late_label) == ""


def test_the_overview_shows_the_rows_and_an_objective_without_actions(
    client, objective
):
    empty = ObjectiveFactory(line=objective.line, title="Buit")
    page = client.get(reverse("workplans:plan_detail", args=[objective.line.plan.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for action in objective.actions.all():
        assert reverse("workplans:action_detail", args=[action.pk]) in html
    assert html.count('<td colspan="6">') == 1, "the objective with no action"
    assert empty.title in html


def test_the_dashboards_reads_are_the_orms(objective):
    """The dashboard's latest updates and the plan's indicators with their
    values (statements compiled once) are what the ORM reads."""
    from django.db.models import Q

    from teixit.workplans.models import Indicator, IndicatorValue, ProgressUpdate
    from teixit.workplans.selectors import plan_indicators, recent_updates

    from .factories import ProgressUpdateFactory

    plan = objective.line.plan
    other = ObjectiveFactory()
    actions = list(objective.actions.all())
    for day in range(12):
        ProgressUpdateFactory(action=actions[day % 2], on=dt.date(2018, 1, 1 + day))
    ProgressUpdateFactory(action=ActionFactory(objective=other))
    by_action = Indicator.objects.create(action=actions[0], name="Entitats mapades")
    by_objective = Indicator.objects.create(objective=objective, name="Trobades")
    Indicator.objects.create(objective=other, name="D'un altre pla")
    for year, value in ((2019, 7), (2017, 3)):
        IndicatorValue.objects.create(indicator=by_action, year=year, value=value)
    IndicatorValue.objects.create(indicator=by_objective, year=2018, value=1)

    expected = list(
        ProgressUpdate.objects.filter(action__objective__line__plan=plan).order_by(
            "-on", "-created_at", "-pk"
        )[:10]
    )
    for _ in range(2):
        assert recent_updates(plan) == expected
        rows = plan_indicators(plan)
        assert [row.indicator for row in rows] == list(
            Indicator.objects.filter(
                Q(objective__line__plan=plan) | Q(action__objective__line__plan=plan)
            )
        )
        values = {row.indicator.pk: row.values for row in rows}
        assert values[by_action.pk] == [(2017, 3), (2019, 7)]
        assert values[by_objective.pk] == [(2018, 1)]


def test_the_filters_options_from_the_tree_are_the_querysets(client, objective):
    """The overview's and the timeline's filters take their lines, periods
    and bodies from the plan's tree: the same options as the querysets give,
    and a chosen one stays chosen."""
    from teixit.workplans.forms import ActionFilterForm

    from .factories import StrategicLineFactory

    plan = objective.line.plan
    ObjectiveFactory(line=StrategicLineFactory(plan=plan, code="II", title="Dues"))
    other_body = BodyFactory(name="Assemblea")

    def options(form):
        return {
            name: [
                (str(value), str(label)) for value, label in form.fields[name].choices
            ]
            for name in ("line", "period", "body")
        }

    with translation.override("ca"):
        form = ActionFilterForm(plan=plan)
        expected = options(ActionFilterForm(plan=plan))
        form.options_from(plan_tree(plan))
        assert options(form) == expected
        assert len(expected["line"]) == 3 and len(expected["period"]) == 3
    for name in ("workplans:plan_detail", "workplans:plan_timeline"):
        page = client.get(reverse(name, args=[plan.pk]), {"body": other_body.pk})
        assert page.status_code == 200
        assert f'<option value="{other_body.pk}" selected>Assemblea</option>' in (
            page.content.decode()
        )


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_responsibilities_html_is_the_partials(objective, language):
    from django.template.loader import render_to_string

    from teixit.workplans.templatetags.workplans_tags import responsibilities_html

    late, bare = objective.actions.order_by("pk")
    body = BodyFactory(name="Secretaria tècnica")
    ResponsibilityFactory(action=late, body=body, text="secretaria TÈCNICA")
    ResponsibilityFactory(action=late, body=body, text="amb <suport> extern")
    with translation.override(language):
        for action in (late, bare):
            assert responsibilities_html(action) == render_to_string(
                "workplans/partials/_responsibilities.html", {"action": action}
            )
    html = responsibilities_html(late)
    assert "(amb &lt;suport&gt; extern)" in html
    assert "(secretaria TÈCNICA)" not in html  # the body's name, differently cased
