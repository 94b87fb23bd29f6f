"""The assembly's report: the plan as it stands for a period (a year, a
semester, the whole plan), produced from the data alone — progress, the roles'
decisions, indicators against targets, evidence, agreements and conclusions
linked to each action, and what is late. Rendered as a page, PDF
(report_pdf) and .docx (``assembly_docx``)."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import (
    ActionGovernance,
    Evidence,
    MemberContribution,
    Period,
    Plan,
    ProgressUpdate,
    WorkStep,
)
from .related import action_related
from .rules import executed_by_members
from .selectors import plan_indicators, plan_tree


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


def assembly_report(plan: Plan, *, user, span: Span, today=None) -> dict:
    """Everything the assembly's report shows, per line, objective and action."""
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
    updates = defaultdict(list)
    for update in (
        ProgressUpdate.objects.filter(
            action_id__in=action_ids, on__gte=span.start, on__lte=span.end
        )
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.all()))
        .order_by("on", "pk")
    ):
        updates[update.action_id].append(update)
    contributions = defaultdict(list)
    for contribution in MemberContribution.objects.filter(
        action_id__in=action_ids, on__gte=span.start, on__lte=span.end
    ).select_related("member"):
        contributions[contribution.action_id].append(contribution)
    indicators_by_action = defaultdict(list)
    indicators_by_objective = defaultdict(list)
    indicator_rows = []
    for row in plan_indicators(plan, tree):
        row.span_values = [(y, v) for y, v in row.values if y in span.years]
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
        indicator_rows.append(row)
        if row.indicator.action_id:
            indicators_by_action[row.indicator.action_id].append(row)
        else:
            indicators_by_objective[row.indicator.objective_id].append(row)
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
                action.span_updates = updates.get(action.pk, [])
                action.span_evidence = [
                    e for u in action.span_updates for e in u.evidence.all()
                ]
                action.span_contributions = contributions.get(action.pk, [])
                action.by_members = executed_by_members(action)
                action.contributing_members = sorted(
                    {str(c.member) for c in action.span_contributions}
                )
                action.indicator_rows = indicators_by_action.get(action.pk, [])
                action.related = action_related(action=action, user=user)
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
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = _("Strategic line")
    table.rows[0].cells[1].text = _("Progress")
    for line in tree.lines:
        cells = table.add_row().cells
        cells[0].text = str(line)
        cells[1].text = _pct(line.progress)
    if report["indicator_rows"]:
        document.add_heading(_("Indicators against targets"), level=2)
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
            )
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
                    f"{_('Status')}: {action.status_label} · "
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
                    )
                if action.contributing_members:
                    document.add_paragraph(
                        _("Members that contributed: %(members)s")
                        % {"members": ", ".join(action.contributing_members)}
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
