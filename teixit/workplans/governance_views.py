"""Pages of the plan's roles (the governance box of an action and its comment
thread), the assembly's report and the plan's evaluation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from teixit.accounts.models import User
from teixit.core.form_html import unbound_form_html
from teixit.core.moderation import moderation_hide, moderation_show
from teixit.core.prepared import prepared
from teixit.network.models import Member
from teixit.network.roles import member_ids_of

from . import comments as comment_svc
from . import governance as svc
from .assembly import (
    assembly_docx,
    assembly_report,
    assembly_span,
    evaluation_report,
)
from .models import (
    ActionComment,
    ActionGovernance,
    Evidence,
    MemberContribution,
    Period,
    Plan,
    WorkStep,
)
from .reports import report_pdf
from .rules import executed_by_members, may
from .selectors import action_get_for_user, plan_get_for_user
from .tracking import plan_sources_link


class _OwnIds:
    """The forms of this partial share the action page with the progress form:
    each gets ids of its own (two fields "note" made two `id_note`, and the
    progress form's label and field no longer matched)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class GuidelinesForm(_OwnIds, forms.Form):
    id_prefix = "guidelines"

    guidelines = forms.CharField(
        label=gettext_lazy("Guidelines"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Markdown: aims, scope and criteria of the action."),
    )


class WorkStepForm(_OwnIds, forms.Form):
    id_prefix = "step"

    text = forms.CharField(label=gettext_lazy("Step"), max_length=500)
    period = forms.ModelChoiceField(
        label=gettext_lazy("Period"), queryset=Period.objects.none(), required=False
    )

    def __init__(self, *args, plan_id: int, periods: tuple | None = None, **kwargs):
        """The choices are the periods of the plan `plan_id`; `periods`, when
        the page has read them, as (id, label) rows in the plan's order
        (`_periods_of`), the select's options (a posted choice is still looked
        up in the queryset)."""
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        # One plan's periods in order (the model's ordering starts with "plan",
        # which would join the plan to sort by its own ordering).
        field.queryset = Period.objects.filter(plan_id=plan_id).order_by(
            "order", "start_on"
        )
        if periods is not None:
            field.choices = [("", field.empty_label), *periods]


# One action's lists on its page, compiled once (teixit/core/prepared.py).
_work_steps_of = prepared(
    lambda action_id: (
        WorkStep.objects.filter(action_id=action_id)
        .select_related("period")
        .order_by("order", "pk")
    )
)
_contributions_of = prepared(
    lambda action_id: MemberContribution.objects.filter(
        action_id=action_id
    ).select_related("member")
)
_support_evidence_of = prepared(
    lambda action_id: (
        Evidence.objects.filter(action_id=action_id)
        .select_related("added_by")
        .order_by("pk")
    )
)
_periods_of = prepared(
    lambda plan_id: Period.objects.filter(plan_id=plan_id).order_by("order", "start_on")
)


class DoneProposalForm(_OwnIds, forms.Form):
    id_prefix = "done"

    note = forms.CharField(
        label=gettext_lazy("Closing note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ContributionForm(_OwnIds, forms.Form):
    id_prefix = "contribution"

    member = forms.ModelChoiceField(
        label=gettext_lazy("Member"), queryset=Member.objects.none()
    )
    on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("What the member did"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    url = forms.URLField(
        label=gettext_lazy("Evidence link"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, user=None, members=None, **kwargs):
        """The person's members: `user` (a posted form: the person's members
        are looked up), or `members`, rows (id, name) in the members' order as
        `contribution_members` reads them (an unbound form on the action page,
        teixit.core.form_html)."""
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        if members is None:
            field.queryset = Member.objects.filter(pk__in=list(member_ids_of(user)))
        else:
            field.queryset = Member.objects.filter(pk__in=[pk for pk, _ in members])
            field.choices = [("", field.empty_label), *members]


def contribution_members(user) -> tuple:
    """The person's members as (id, name) rows, in the order and with the
    names ContributionForm's select shows them."""
    ids = member_ids_of(user)
    if not ids:  # the secretariat, a person of no member: no query to build
        return ()
    return tuple(Member.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


class SupportEvidenceForm(_OwnIds, forms.Form):
    id_prefix = "support"

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    url = forms.URLField(
        label=gettext_lazy("Link"), required=False, assume_scheme="https"
    )
    file = forms.FileField(label=gettext_lazy("File"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise ValidationError(_("Give a link or a file as evidence."))
        return data


class CommentForm(_OwnIds, forms.Form):
    id_prefix = "comment"

    body = forms.CharField(
        label=gettext_lazy("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=gettext_lazy("Markdown."),
    )
    evidence_url = forms.URLField(
        label=gettext_lazy("Evidence link"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy(
            "Optional: the support body attaches it to the action as evidence."
        ),
    )

    def __init__(self, *args, with_evidence: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_evidence:
            del self.fields["evidence_url"]


class _PersonByEmailField(forms.ModelChoiceField):
    """A registered person chosen by typing their e-mail address (stored in
    lower case: typed in any case)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower()
        return super().to_python(value)


class ProviderForm(_OwnIds, forms.Form):
    id_prefix = "provider"

    name = forms.CharField(
        label=gettext_lazy("External provider"), max_length=200, required=False
    )
    # The e-mail of a registered person, resolved on the server: a select of
    # every active person made the action page grow with the network
    # (bench/bench_forms.py, issue 12.4).
    contact = _PersonByEmailField(
        label=gettext_lazy("Provider's contact"),
        queryset=User.objects.filter(is_active=True),
        to_field_name="email",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=gettext_lazy(
            "The e-mail address of a person registered on the platform; "
            "they may record progress on the action while set."
        ),
        error_messages={
            "invalid_choice": gettext_lazy(
                "No active person is registered with this e-mail address."
            )
        },
    )


def governance_context(action, user, *, support_evidence: list | None = None) -> dict:
    """What the action page shows of the plan's roles, and the forms of the
    person looking (only those the person may use: the page shows no other).
    `support_evidence`: the support body's evidence, when the caller has read
    it with the updates' (selectors.action_updates)."""
    try:
        governance = action.governance
    except ActionGovernance.DoesNotExist:
        governance = None
    plan = action.objective.line.plan
    perms = {
        "can_write_guidelines": may(user, "workplans.write_guidelines", action),
        "can_approve_guidelines": may(user, "workplans.approve_guidelines", action),
        "can_write_steps": may(user, "workplans.write_work_lines", action),
        "can_propose_done": may(user, "workplans.propose_done", action),
        "can_confirm_done": may(user, "workplans.confirm_done", action),
        "can_contribute": may(user, "workplans.record_contribution", action),
        "can_set_provider": may(user, "workplans.change_actiongovernance", action),
        "can_attach_support_evidence": may(
            user, "workplans.attach_support_evidence", action
        ),
        "can_comment": may(user, "workplans.comment_action", action),
        "can_read_comments": may(user, "workplans.view_actioncomment", action),
        "can_moderate_comments": may(user, "workplans.moderate_actioncomment", action),
    }
    by_members = executed_by_members(action)
    share = svc.members_share(action) if by_members else None
    if support_evidence is None:
        support_evidence = _support_evidence_of(action.pk)
    return {
        "governance": governance,
        # Where every form of the roles posts, reversed once for the page.
        "governance_url": reverse("workplans:action_governance", args=[action.pk]),
        "work_steps": _work_steps_of(action.pk),
        "by_members": by_members,
        "members_share": share,
        "contributions": _contributions_of(action.pk) if by_members else [],
        # The forms' HTML (teixit.core.form_html): the page's forms are never
        # bound (the roles' writes post to action_governance, which redirects).
        "guidelines_form": unbound_form_html(
            GuidelinesForm,
            initial={"guidelines": governance.guidelines if governance else ""},
        )
        if perms["can_write_guidelines"]
        else None,
        "step_form": unbound_form_html(
            WorkStepForm,
            plan_id=plan.pk,
            periods=tuple((p.pk, str(p)) for p in _periods_of(plan.pk)),
        )
        if perms["can_write_steps"]
        else None,
        "support_evidence": support_evidence,
        "support_evidence_form": unbound_form_html(SupportEvidenceForm)
        if perms["can_attach_support_evidence"]
        else None,
        "comments": comment_svc.action_comments(action, user),
        "comment_form": unbound_form_html(
            CommentForm, with_evidence=perms["can_attach_support_evidence"]
        )
        if perms["can_comment"]
        else None,
        # Shown while the action is neither done nor proposed as done.
        "done_form": unbound_form_html(DoneProposalForm)
        if perms["can_propose_done"]
        and action.status != action.Status.DONE
        and not (governance and governance.done_proposed)
        else None,
        "contribution_form": unbound_form_html(
            ContributionForm, members=contribution_members(user)
        )
        if perms["can_contribute"]
        else None,
        "provider_form": unbound_form_html(
            ProviderForm,
            initial={
                "name": governance.provider_name if governance else "",
                "contact": governance.provider_contact.email
                if governance and governance.provider_contact_id
                else None,
            },
        )
        if perms["can_set_provider"]
        else None,
        **perms,
    }


def _error_message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_POST
def action_governance(request, pk: int):
    """One POST endpoint for the roles' writes on an action (`op` says which);
    each service checks who may."""
    action = action_get_for_user(pk=pk, user=request.user)
    plan = action.objective.line.plan
    op = request.POST.get("op", "")
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    done = None
    try:
        if op == "guidelines":
            form = GuidelinesForm(request.POST)
            if form.is_valid():
                svc.guidelines_write(
                    action=action, user=user, text=form.cleaned_data["guidelines"]
                )
                done = _("The guidelines were saved.")
            else:
                raise ValidationError(
                    _("Write the guidelines: aims, scope and criteria.")
                )
        elif op == "approve_guidelines":
            svc.guidelines_approve(action=action, user=user)
            done = _("The guidelines were approved.")
        elif op == "step":
            form = WorkStepForm(request.POST, plan_id=plan.pk)
            if not form.is_valid():
                raise ValidationError(
                    _("Write the step and choose one of the plan's periods.")
                )
            svc.work_step_add(action=action, user=user, **form.cleaned_data)
            done = _("The step was added.")
        elif op == "delete_step":
            step = get_object_or_404(
                WorkStep, pk=request.POST.get("step") or 0, action=action
            )
            svc.work_step_delete(step=step, user=user)
            done = _("The step was removed.")
        elif op == "propose_done":
            form = DoneProposalForm(request.POST)
            form.is_valid()
            svc.action_done_propose(
                action=action, user=user, note=form.cleaned_data.get("note", "")
            )
            done = _(
                "Closing the action was proposed to the body that sets its guidelines."
            )
        elif op == "confirm_done":
            svc.action_done_confirm(action=action, user=user)
            done = _("The action is done.")
        elif op == "return_done":
            svc.action_done_return(action=action, user=user)
            done = _("The proposal to close the action was sent back.")
        elif op == "contribution":
            form = ContributionForm(request.POST, user=user)
            if not form.is_valid():
                if not may(user, "workplans.record_contribution", action):
                    raise PermissionDenied
                raise ValidationError(
                    _("Choose your member, the date and what the member did.")
                )
            svc.member_contribution_record(
                action=action, user=user, **form.cleaned_data
            )
            done = _("The member's contribution was recorded.")
        elif op == "support_evidence":
            if not may(user, "workplans.attach_support_evidence", action):
                raise PermissionDenied
            form = SupportEvidenceForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(
                    [m for errors in form.errors.values() for m in errors]
                )
            svc.support_evidence_add(action=action, user=user, **form.cleaned_data)
            done = _("The evidence was attached.")
        elif op == "comment":
            if not may(user, "workplans.comment_action", action):
                raise PermissionDenied
            form = CommentForm(
                request.POST,
                with_evidence=may(user, "workplans.attach_support_evidence", action),
            )
            if not form.is_valid():
                raise ValidationError(
                    [m for errors in form.errors.values() for m in errors]
                )
            comment_svc.comment_add(action=action, user=user, **form.cleaned_data)
            done = _("The comment was published.")
        elif op in ("edit_comment", "delete_comment", "hide_comment", "show_comment"):
            comment = get_object_or_404(
                ActionComment, pk=request.POST.get("comment") or 0, action=action
            )
            if op == "edit_comment":
                comment_svc.comment_edit(
                    comment=comment, user=user, body=request.POST.get("body", "")
                )
                done = _("The comment was changed.")
            elif op == "delete_comment":
                comment_svc.comment_delete(comment=comment, user=user)
                done = _("The comment was deleted.")
            elif op == "hide_comment":
                moderation_hide(
                    item=comment, user=user, reason=request.POST.get("reason", "")
                )
                done = _("The comment was hidden.")
            else:
                moderation_show(item=comment, user=user)
                done = _("The comment is shown again.")
        elif op == "provider":
            form = ProviderForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    [e for errors in form.errors.values() for e in errors]
                )
            svc.provider_set(
                action=action,
                user=user,
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
            )
            done = _("The provider was saved.")
        else:
            raise ValidationError(_("Unknown operation."))
    except ValidationError as exc:
        messages.error(request, _error_message(exc))
        return redirect(action)
    messages.success(request, done)
    return redirect(action)


def _span_from(request, plan: Plan):
    year = request.GET.get("year", "")
    period_id = request.GET.get("period", "")
    period = None
    year_value = None
    if period_id:
        period = plan.periods.filter(pk=period_id if period_id.isdigit() else 0).first()
        if period is None:
            raise Http404
    elif year:
        if (
            not year.isdigit()
            or not plan.start_on.year <= int(year) <= plan.end_on.year
        ):
            raise Http404
        year_value = int(year)
    return assembly_span(plan, year=year_value, period=period)


def plan_assembly(request, pk: int, fmt: str = "html"):
    """The assembly's report for a period: page, PDF or .docx."""
    plan = plan_get_for_user(pk=pk, user=request.user)
    span = _span_from(request, plan)
    report = assembly_report(plan, user=request.user, span=span)
    report["years"] = list(range(plan.start_on.year, plan.end_on.year + 1))
    report["periods"] = list(plan.periods.all())
    report["query"] = request.GET.urlencode()
    filename = f"{slugify(plan.title) or plan.pk}-{slugify(span.label)}"
    if fmt == "html":
        return render(request, "workplans/plan_assembly.html", report)
    if fmt == "pdf":
        html = render_to_string(
            "workplans/assembly_document.html", report, request=request
        )
        response = HttpResponse(report_pdf(html), content_type="application/pdf")
    elif fmt == "docx":
        response = HttpResponse(
            assembly_docx(report),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def plan_evaluation(request, pk: int):
    """Targets against values over the whole plan, to write the next one."""
    plan = plan_get_for_user(pk=pk, user=request.user)
    report = evaluation_report(plan)
    report["can_link"] = request.user.has_perm("workplans.change_indicator", plan)
    return render(request, "workplans/plan_evaluation.html", report)


@require_POST
def plan_sources_link_view(request, pk: int):
    """The secretariat ties every action a registered source serves to it."""
    plan = plan_get_for_user(pk=pk, user=request.user)
    if not request.user.has_perm("workplans.change_indicator", plan):
        raise PermissionDenied
    created = plan_sources_link(plan=plan, user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s computed indicator was linked to its action.",
            "%(count)s computed indicators were linked to their actions.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect("workplans:plan_evaluation", pk=plan.pk)
