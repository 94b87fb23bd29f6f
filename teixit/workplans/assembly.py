"""The assembly's report: the plan as it stands for a period (a year, a
semester, the whole plan), produced from the data alone — progress, the roles'
decisions, indicators against targets, evidence, agreements and conclusions
linked to each action, and what is late. Rendered as a page, PDF
(report_pdf) and .docx (``assembly_docx``, whose summary charts are PNG
images drawn by ``charts.py``)."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teixit.network.models import Member

from .charts import chart_png, indicators_chart, lines_chart
from .models import (
    Action,
    ActionGovernance,
    Evidence,
    Indicator,
    MemberContribution,
    Period,
    Plan,
    ProgressUpdate,
    WorkStep,
)
from .related import actions_related
from .rules import executed_by_members
from .selectors import IndicatorRow, plan_indicators, plan_tree
from .sources import indicator_source_get, indicator_sources_serving, yearly_values


@dataclass(frozen=True)
class Span:
    label: str
    start: dt.date
    end: dt.date

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))


def assembly_span(
    plan: Plan, *, year: int | None = None, period: Period | None = None
) -> Span:
    """The period a report covers: one of the plan's periods, a calendar year,
    or (neither) the whole plan."""
    if period is not None:
        return Span(period.label, period.start_on, period.end_on)
    if year is not None:
        return Span(
            str(year),
            max(plan.start_on, dt.date(year, 1, 1)),
            min(plan.end_on, dt.date(year, 12, 31)),
        )
    return Span(f"{plan.start_on.year}–{plan.end_on.year}", plan.start_on, plan.end_on)


def _served_rows(
    plan: Plan, tree, linked: dict[int, set[str]], memo: dict
) -> list[IndicatorRow]:
    """Computed indicators of the actions a registered source serves by text
    match and that are not linked to it yet: the report computes them all the
    same (nobody has to link them first for the report to have them)."""
    years = list(range(plan.start_on.year, plan.end_on.year + 1))
    rows = []
    for action in tree.actions:
        for source in indicator_sources_serving(action.text):
            if source.code in linked.get(action.pk, set()):
                continue
            indicator = Indicator(
                action=action,
                name=str(source.label)[:300],
                unit=str(source.unit)[:50],
                source=source.code,
                target=Decimal(str(source.target))
                if source.target is not None
                else None,
            )
            values = yearly_values(source, years, memo)
            rows.append(IndicatorRow(indicator, action.code, values, True))
    return rows


def _span_values(row: IndicatorRow, span: Span) -> tuple[list, bool]:
    """The row's values for the report's period and whether they are values of
    whole years shown for a shorter period. A period inside one calendar year
    (a semester) gets one value computed for its own dates from a source that
    gives values per period; yearly sources and values entered by hand (per
    year) give the year's value, marked as such. Longer periods (the whole
    plan) keep one value per year."""
    yearly = [(y, v) for y, v in row.values if y in span.years]
    if len(span.years) != 1:
        return yearly, False
    source = indicator_source_get(row.indicator.source) if row.computed else None
    if source is not None and source.per_period:
        return [(span.label, source.value(start=span.start, end=span.end))], False
    whole = span.start == dt.date(span.start.year, 1, 1) and span.end == dt.date(
        span.end.year, 12, 31
    )
    return yearly, not whole


def _state_at(action, updates, contributions, members_total: int, end: dt.date):
    """(status, percent) of the action at the end of the period, from the
    updates and contributions dated up to then (the latest update wins; on an
    action the members carry out, the members' share when it is higher)."""
    before = [u for u in updates if u.on <= end]
    status, percent = Action.Status.NOT_STARTED, 0
    if before:
        latest = max(before, key=lambda u: (u.on, u.created_at, u.pk))
        status, percent = latest.status, latest.percent
    if action.by_members and status != Action.Status.DONE:
        done = len({c.member_id for c in contributions if c.on <= end})
        share = round(100 * done / members_total) if members_total else 0
        if share > percent:
            percent = share
            if status == Action.Status.NOT_STARTED and done:
                status = Action.Status.IN_PROGRESS
    return status, percent


def span_indicator_rows(plan: Plan, tree, span: Span) -> list[IndicatorRow]:
    """The plan's indicators (stored ones, then the computed ones of the
    actions a source serves) with their values for the period
    (``span_values``, ``whole_year``, ``span_latest``, ``reached``,
    ``ratio``); each source computed once a year however many rows show it."""
    memo: dict = {}
    linked = defaultdict(set)
    stored_rows = plan_indicators(plan, tree, memo=memo)
    for row in stored_rows:
        if row.indicator.action_id and row.indicator.source:
            linked[row.indicator.action_id].add(row.indicator.source)
    rows = stored_rows + _served_rows(plan, tree, linked, memo)
    for row in rows:
        row.span_values, row.whole_year = _span_values(row, span)
        known = [v for _, v in row.span_values if v is not None]
        row.span_latest = known[-1] if known else None
        target = row.indicator.target
        row.reached = (
            row.span_latest is not None
            and target is not None
            and row.span_latest >= target
        )
        row.ratio = (
            min(100, round(100 * float(row.span_latest) / float(target)))
            if row.span_latest is not None and target
            else None
        )
    return rows


def evaluation_report(plan: Plan, *, today=None) -> dict:
    """What the plan's evaluation page shows: the indicators over the whole
    plan and the actions' states (not the assembly report's governance,
    updates, evidence and related items, which that page does not show)."""
    today = today or timezone.localdate()
    tree = plan_tree(plan, today=today)
    span = assembly_span(plan)
    return {
        "plan": plan,
        "tree": tree,
        "span": span,
        "indicator_rows": span_indicator_rows(plan, tree, span),
        "generated_on": today,
    }


def assembly_report(plan: Plan, *, user, span: Span, today=None) -> dict:
    """Everything the assembly's report shows, per line, objective and action:
    the state at the end of the period, the updates, contributions and
    evidence dated in it, and the indicators' values of its years (computed
    ones for every action a source serves, linked or not)."""
    today = today or timezone.localdate()
    tree = plan_tree(plan, today=today)
    action_ids = [a.pk for a in tree.actions]
    governance = {
        g.action_id: g
        for g in ActionGovernance.objects.filter(
            action_id__in=action_ids
        ).select_related("guidelines_approved_by", "done_proposed_by")
    }
    steps = defaultdict(list)
    for step in WorkStep.objects.filter(action_id__in=action_ids).select_related(
        "period"
    ):
        steps[step.action_id].append(step)
    # Everything up to the end of the period: the state at its end needs the
    # earlier rows too; the report lists those dated inside it.
    updates = defaultdict(list)
    for update in (
        ProgressUpdate.objects.filter(action_id__in=action_ids, on__lte=span.end)
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.all()))
        .order_by("on", "pk")
    ):
        updates[update.action_id].append(update)
    contributions = defaultdict(list)
    for contribution in (
        MemberContribution.objects.filter(action_id__in=action_ids, on__lte=span.end)
        .select_related("member")
        .order_by("on", "pk")
    ):
        contributions[contribution.action_id].append(contribution)
    support_evidence = defaultdict(list)
    for evidence in Evidence.objects.filter(
        action_id__in=action_ids, added_on__gte=span.start, added_on__lte=span.end
    ).order_by("added_on", "pk"):
        support_evidence[evidence.action_id].append(evidence)
    members_total = Member.objects.active().count()
    indicator_rows = span_indicator_rows(plan, tree, span)
    indicators_by_action = defaultdict(list)
    indicators_by_objective = defaultdict(list)
    for row in indicator_rows:
        if row.indicator.action_id:
            indicators_by_action[row.indicator.action_id].append(row)
        else:
            indicators_by_objective[row.indicator.objective_id].append(row)
    related = actions_related(actions=tree.actions, user=user)
    pending_guidelines = []
    proposals = []
    for line in tree.lines:
        for objective in line.objective_list:
            objective.indicator_rows = indicators_by_objective.get(objective.pk, [])
            for action in objective.action_list:
                g = governance.get(action.pk)
                action.governance_row = g
                action.guidelines_pending = g is None or not g.guidelines_approved
                action.done_pending = bool(
                    g and g.done_proposed and action.status != action.Status.DONE
                )
                action.steps = steps.get(action.pk, [])
                action.by_members = executed_by_members(action)
                all_updates = updates.get(action.pk, [])
                all_contributions = contributions.get(action.pk, [])
                action.span_status, action.span_percent = _state_at(
                    action, all_updates, all_contributions, members_total, span.end
                )
                action.span_status_label = Action.Status(action.span_status).label
                action.span_updates = [u for u in all_updates if u.on >= span.start]
                action.span_support_evidence = support_evidence.get(action.pk, [])
                action.span_evidence = [
                    e for u in action.span_updates for e in u.evidence.all()
                ] + action.span_support_evidence
                action.span_contributions = [
                    c for c in all_contributions if c.on >= span.start
                ]
                action.contributing_members = sorted(
                    {str(c.member) for c in action.span_contributions}
                )
                action.indicator_rows = indicators_by_action.get(action.pk, [])
                action.related = related[action.pk]
                if action.guidelines_pending:
                    pending_guidelines.append(action)
                if action.done_pending:
                    proposals.append(action)
    return {
        "plan": plan,
        "tree": tree,
        "span": span,
        "indicator_rows": indicator_rows,
        "late": tree.late_actions,
        "pending_guidelines": pending_guidelines,
        "proposals": proposals,
        "generated_on": today,
    }


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _pct(value) -> str:
    return "—" if value is None else f"{round(value)} %"


def _add_chart(document, chart) -> None:
    """The chart as a PNG picture in its own paragraph, with the chart's
    description as the picture's alt text (``descr``) and title."""
    from docx.shared import Cm

    picture = (
        document.add_paragraph()
        .add_run()
        .add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
    )
    properties = picture._inline.docPr
    properties.set("descr", chart.description)
    properties.set("title", chart.title)


def assembly_docx(report: dict) -> bytes:
    """The same report as an editable Word document (python-docx)."""
    from docx import Document

    plan, span, tree = report["plan"], report["span"], report["tree"]
    document = Document()
    document.add_heading(_("Report to the assembly"), level=0)
    document.add_paragraph(f"{plan.title} · {span.label}")
    document.add_paragraph(
        _("Produced from the platform's data on %(date)s.")
        % {"date": _date(report["generated_on"])}
    )
    document.add_heading(_("Summary"), level=1)
    document.add_paragraph(
        _("Progress of the plan: %(progress)s") % {"progress": _pct(tree.progress)}
    )
    _add_chart(document, lines_chart(tree.lines))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = _("Strategic line")
    table.rows[0].cells[1].text = _("Progress")
    for line in tree.lines:
        cells = table.add_row().cells
        cells[0].text = str(line)
        cells[1].text = _pct(line.progress)
    if report["indicator_rows"]:
        document.add_heading(_("Indicators against targets"), level=2)
        chart = indicators_chart(report["indicator_rows"])
        if chart is not None:
            _add_chart(document, chart)
        table = document.add_table(rows=1, cols=4)
        for cell, label in zip(
            table.rows[0].cells,
            (_("Indicator"), _("Target"), _("Values"), _("Computed")),
            strict=True,
        ):
            cell.text = label
        for row in report["indicator_rows"]:
            cells = table.add_row().cells
            cells[0].text = f"{row.owner} · {row.indicator.name}"
            cells[1].text = (
                "" if row.indicator.target is None else f"{row.indicator.target:g}"
            )
            cells[2].text = ", ".join(
                f"{y}: {'—' if v is None else v}" for y, v in row.span_values
            ) + (f" ({_('whole-year value')})" if row.whole_year else "")
            cells[3].text = _("yes") if row.computed else _("no")
    if report["late"]:
        document.add_heading(_("Late actions"), level=2)
        for action in report["late"]:
            document.add_paragraph(f"{action.code} {action.text}", style="List Bullet")
    for line in tree.lines:
        document.add_heading(str(line), level=1)
        for objective in line.objective_list:
            document.add_heading(f"{line.code}.{objective}", level=2)
            for action in objective.action_list:
                document.add_heading(f"{action.code} {action.text}", level=3)
                document.add_paragraph(
                    f"{_('At the end of the period')}: {action.span_status_label} · "
                    f"{_pct(action.span_percent)}"
                )
                document.add_paragraph(
                    f"{_('Today')}: {action.status_label} · "
                    f"{_('Progress')}: {_pct(action.progress)}"
                    + (f" · {_('Late')}" if action.is_late else "")
                )
                g = action.governance_row
                if action.guidelines_pending:
                    document.add_paragraph(_("Guidelines pending"))
                if g and g.guidelines:
                    document.add_paragraph(g.guidelines)
                    if g.guidelines_approved:
                        document.add_paragraph(
                            _("Guidelines approved on %(date)s")
                            % {"date": _date(g.guidelines_approved_on)}
                        )
                for step in action.steps:
                    document.add_paragraph(
                        step.text + (f" ({step.period})" if step.period else ""),
                        style="List Bullet",
                    )
                for row in action.indicator_rows:
                    document.add_paragraph(
                        f"{row.indicator.name}: "
                        + ", ".join(
                            f"{y}: {'—' if v is None else v}"
                            for y, v in row.span_values
                        )
                        + (
                            f" / {row.indicator.target:g}"
                            if row.indicator.target is not None
                            else ""
                        )
                        + (f" ({_('computed')})" if row.computed else "")
                        + (f" ({_('whole-year value')})" if row.whole_year else "")
                    )
                if action.contributing_members:
                    document.add_paragraph(
                        _("Members that contributed: %(members)s")
                        % {"members": ", ".join(action.contributing_members)}
                    )
                for contribution in action.span_contributions:
                    document.add_paragraph(
                        f"{_date(contribution.on)} · {contribution.member} · "
                        f"{contribution.note}"
                        + (f" · {contribution.url}" if contribution.url else ""),
                        style="List Bullet",
                    )
                for update in action.span_updates:
                    document.add_paragraph(
                        f"{_date(update.on)} · {update.get_status_display()} "
                        f"{update.percent} % {update.note}",
                        style="List Bullet",
                    )
                for evidence in action.span_evidence:
                    document.add_paragraph(
                        f"{_('Evidence')}: {evidence}", style="List Bullet"
                    )
                for label, items in action.related:
                    document.add_paragraph(label)
                    for item in items:
                        document.add_paragraph(
                            " · ".join(x for x in (item.title, item.detail) if x),
                            style="List Bullet",
                        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
