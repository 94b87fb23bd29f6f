"""The network's multi-year work plan: plan → strategic lines → objectives →
actions, each action with the bodies responsible for it (by role), its planned
periods, progress updates and indicators."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import Hideable, TimeStampedModel
from teixit.core.storage import private_storage
from teixit.core.template_engine import reverse_keyed
from teixit.core.uploads import RandomName, UploadValidator


class Plan(TimeStampedModel):
    """A multi-year work plan of the network (e.g. 2017–2019)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    title = models.CharField(_("title"), max_length=200, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-start_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_keyed("workplans:plan_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError(
                {"end_on": _("The end date is before the start date.")}, code="dates"
            )
        if self.status == self.Status.APPROVED and not self.approved_on:
            self.approved_on = timezone.localdate()

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Period(TimeStampedModel):
    """A period of a plan's timeline (a year, a semester…): data, not code."""

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("work plan"),
    )
    label = models.CharField(_("label"), max_length=100)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["plan", "order", "start_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "label"], name="workplans_period_unique_label"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError(
                {"end_on": _("The end date is before the start date.")}, code="dates"
            )


class StrategicLine(TimeStampedModel):
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("work plan"),
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("For example I, II, III.")
    )
    title = models.CharField(_("title"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional weight in the plan's progress; empty counts as 1."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategic line")
        verbose_name_plural = _("strategic lines")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="workplans_line_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Objective(TimeStampedModel):
    line = models.ForeignKey(
        StrategicLine,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("strategic line"),
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional weight in the line's progress; empty counts as 1."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["line", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "code"], name="workplans_objective_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ActionQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(objective__line__plan=plan)

    def for_bodies(self, body_ids):
        return self.filter(responsibilities__body_id__in=list(body_ids)).distinct()


class Status(models.TextChoices):
    """The state of an action, as its latest progress update says."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")
    BLOCKED = "blocked", _("Blocked")


class Action(TimeStampedModel):
    """An action of the plan. `status`, `progress` and `last_update_on` repeat
    the latest progress update (kept by the services) so that lists and roll-ups
    read one row per action."""

    Status = Status

    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("objective"),
    )
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional weight in the objective's progress; empty counts as 1."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    last_update_on = models.DateField(_("last update"), null=True, blank=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["objective", "order"]

    def __str__(self) -> str:
        return self.short_text(self.text)

    def get_absolute_url(self) -> str:
        return reverse_keyed("workplans:action_detail", kwargs={"pk": self.pk})

    @property
    def code(self) -> str:
        """The action's code in its plan, line.objective.order: "II.3.2".
        (Select `objective__line` with the action to read it without queries.)"""
        objective = self.objective
        return self.code_of(objective.line.code, objective.code, self.order)

    @staticmethod
    def code_of(line_code: str, objective_code: str, order: int) -> str:
        """`code` from its parts (for rows read without the objects)."""
        return f"{line_code}.{objective_code}.{order}"

    @staticmethod
    def short_text(text: str) -> str:
        """`str(action)` from its text: at most 80 characters."""
        return text if len(text) <= 80 else text[:79] + "…"


class PlannedPeriod(TimeStampedModel):
    """A period in which an action is planned (a mark in the timeline)."""

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="planned_periods",
        verbose_name=_("action"),
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        related_name="planned_actions",
        verbose_name=_("period"),
    )
    mark = models.CharField(
        _("mark"),
        max_length=50,
        blank=True,
        help_text=_("The mark in the timeline cell."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned period")
        verbose_name_plural = _("planned periods")
        ordering = ["period__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "period"], name="workplans_planned_period_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.period)


class Responsibility(TimeStampedModel):
    """A body responsible for an action in a role. When the plan names someone
    who is not a known body ("qui correspongui segons el cas"), `body` is empty
    and `text` keeps what the plan says. The members themselves ("socis de la
    XMESS") are not a body: `members` is set, `body` empty and `text` keeps the
    plan's words; each member municipality carries the action out."""

    class Role(models.TextChoices):
        BASIC_LINES = "basic_lines", _("Basic lines")
        WORK_LINES = "work_lines", _("Lines of work")
        EXECUTION = "execution", _("Execution")
        SUPPORT = "support", _("Support")

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("action"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    body = models.ForeignKey(
        "network.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workplan_responsibilities",
        verbose_name=_("body"),
    )
    text = models.CharField(
        _("as written"),
        max_length=300,
        blank=True,
        help_text=_("The plan's own words."),
    )
    members = models.BooleanField(
        _("the members"),
        default=False,
        help_text=_(
            "The members themselves (“socis”): each member municipality carries "
            "the action out and its technicians record its contribution."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["action", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body__isnull=False) | ~Q(text=""),
                name="workplans_responsibility_body_or_text",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.label}"

    @property
    def label(self) -> str:
        return self.body.name if self.body_id else self.text


class ProgressUpdate(TimeStampedModel):
    """A dated report on an action: its status, percentage and a note."""

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("action"),
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    note = models.TextField(_("note"), blank=True, help_text=_("Markdown."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workplan_updates",
        verbose_name=_("author"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-on", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["action", "on"], name="workplans_update_action_on")
        ]

    def __str__(self) -> str:
        return f"{self.on} · {self.get_status_display()} · {self.percent}%"

    def clean(self) -> None:
        if self.percent is not None and self.percent > 100:
            raise ValidationError(
                {"percent": _("Progress is a percentage between 0 and 100.")},
                code="percent",
            )


class Evidence(TimeStampedModel):
    """A link or a file that backs a progress update, or (from the "Suport"
    body, which records no progress) one attached to the action itself."""

    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("progress update"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_evidence",
        verbose_name=_("action"),
        help_text=_("Set for evidence attached by the support body."),
    )
    from_support = models.BooleanField(_("from the support body"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    added_on = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=200, blank=True)
    url = HttpsURLField(_("link"), blank=True)
    # Private storage: served by `views.evidence_file`, to those who may read
    # the plan (a members-only plan's files are not public). Random folder
    # names; the content is checked like every upload (teixit.core.uploads).
    file = models.FileField(
        _("file"),
        upload_to=RandomName("workplans/evidence"),
        storage=private_storage,
        blank=True,
        max_length=300,
        validators=[UploadValidator()],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="workplans_evidence_url_or_file",
            ),
            models.CheckConstraint(
                condition=Q(update__isnull=False, action__isnull=True)
                | Q(update__isnull=True, action__isnull=False),
                name="workplans_evidence_update_or_action",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.file.name

    @property
    def action_id_of(self) -> int:
        """The action the evidence backs, through its update or directly."""
        return self.action_id or self.update.action_id

    @property
    def href(self) -> str:
        if self.url:
            return self.url
        if self.file:
            return reverse("workplans:evidence_file", kwargs={"pk": self.pk})
        return ""


class Indicator(TimeStampedModel):
    """A measure of an action or an objective: a target, a unit and values over
    time, entered by hand or computed by another module (`source`)."""

    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("objective"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("action"),
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        _("computed source"),
        max_length=100,
        blank=True,
        help_text=_("Code of a registered computed source; empty for manual values."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(objective__isnull=False, action__isnull=True)
                | Q(objective__isnull=True, action__isnull=False),
                name="workplans_indicator_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .sources import indicator_source_get

        if bool(self.objective_id) == bool(self.action_id):
            raise ValidationError(
                _("An indicator belongs either to an action or to an objective."),
                code="indicator_target",
            )
        if self.source and indicator_source_get(self.source) is None:
            raise ValidationError(
                {"source": _("No computed source is registered with this code.")},
                code="unknown_source",
            )


class IndicatorValue(TimeStampedModel):
    """A manual value of an indicator for a year."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="workplans_indicator_value_unique_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}: {self.value}"


# Governance of an action, as the plan writes it ---------------------------------


class ActionGovernance(TimeStampedModel):
    """What the roles of the plan decide about an action: the guidelines set and
    approved by the "Línies bàsiques" body, the external provider named for the
    execution, and the executing body's proposal to close the action as done
    (confirmed by the guidelines body, which records the final update)."""

    action = models.OneToOneField(
        Action,
        on_delete=models.CASCADE,
        related_name="governance",
        verbose_name=_("action"),
    )
    guidelines = models.TextField(
        _("guidelines"),
        blank=True,
        help_text=_("Markdown: aims, scope and criteria of the action."),
    )
    guidelines_approved_on = models.DateField(
        _("guidelines approved on"), null=True, blank=True
    )
    guidelines_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guidelines approved by"),
    )
    provider_name = models.CharField(
        _("external provider"),
        max_length=200,
        blank=True,
        help_text=_("When the plan allows a provider to carry out the action."),
    )
    provider_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workplan_provided_actions",
        verbose_name=_("provider's contact"),
        help_text=_("May record progress on the action while set."),
    )
    done_proposed_on = models.DateField(_("done proposed on"), null=True, blank=True)
    done_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done proposed by"),
    )
    done_note = models.TextField(_("closing note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("governance of an action")
        verbose_name_plural = _("governance of actions")

    def __str__(self) -> str:
        return str(self.action)

    @property
    def guidelines_approved(self) -> bool:
        return self.guidelines_approved_on is not None

    @property
    def done_proposed(self) -> bool:
        return self.done_proposed_on is not None


class WorkStep(TimeStampedModel):
    """A work line of an action: a step written by the "Línies de treball" body
    within the guidelines, optionally in one of the plan's periods."""

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="work_steps",
        verbose_name=_("action"),
    )
    text = models.CharField(_("step"), max_length=500)
    period = models.ForeignKey(
        Period,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_steps",
        verbose_name=_("period"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work line")
        verbose_name_plural = _("work lines")
        ordering = ["action", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class MemberContributionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The contributions a user manages, written once: all of them for
        whoever may change contributions (the secretariat), their own members'
        for technicians."""
        from teixit.network.roles import member_ids_of

        if user.has_perm("workplans.change_membercontribution"):
            return self
        return self.filter(member_id__in=sorted(member_ids_of(user)))


class MemberContribution(TimeStampedModel):
    """A member municipality's contribution to an action the members carry
    out ("socis de la XMESS"), recorded by one of its technicians."""

    objects = MemberContributionQuerySet.as_manager()

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="contributions",
        verbose_name=_("action"),
    )
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.PROTECT,
        related_name="workplan_contributions",
        verbose_name=_("member"),
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("what the member did"), help_text=_("Markdown."))
    url = HttpsURLField(_("evidence link"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member's contribution")
        verbose_name_plural = _("members' contributions")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member} · {self.on}"


class ActionComment(TimeStampedModel, Hideable):
    """A comment on an action, in the thread shown on the action's page: the
    roles of the plan on the action (Suport above all) and the secretariat
    write, network people read. The author edits or deletes it; the
    secretariat hides it with a reason (moderation). A comment may carry the
    support body's evidence (a link), attached to the action as well."""

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("action"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), help_text=_("Markdown."))
    evidence = models.OneToOneField(
        Evidence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comment",
        verbose_name=_("evidence"),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    history = HistoricalRecords()

    moderate_permission = "workplans.moderate_actioncomment"
    moderation_denied = _("Only the secretariat moderates comments.")
    hide_reason_missing = _("Say why the comment is hidden.")

    class Meta:
        verbose_name = _("comment on an action")
        verbose_name_plural = _("comments on actions")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["action", "created_at"], name="workplans_comment_action"
            )
        ]

    def __str__(self) -> str:
        return self.body if len(self.body) <= 80 else self.body[:79] + "…"

    def get_absolute_url(self) -> str:
        return f"{self.action.get_absolute_url()}#comment-{self.pk}"
