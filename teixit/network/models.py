"""The network: its members, its governance bodies and the institutions around it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.choices import str_columns
from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.core.uploads import IMAGE_KINDS, RandomName, UploadValidator


class Network(TimeStampedModel):
    """The network of municipalities that runs this Teixit (one per site)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=RandomName("network"),
        blank=True,
        max_length=300,
        validators=[UploadValidator(IMAGE_KINDS)],
    )
    website = HttpsURLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=50,
        default="ca,es,en",
        help_text=_(
            "Language codes the network works in, separated by commas, first is default."
        ),
    )
    open_data_licence = models.CharField(
        _("open-data licence"), max_length=100, default="CC BY 4.0"
    )
    open_data_licence_url = HttpsURLField(
        _("open-data licence URL"),
        default="https://creativecommons.org/licenses/by/4.0/",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_on__isnull=True)

    def of_technician(self, user):
        """The members the user currently works for as a technician."""
        from .roles import member_ids_of

        return self.filter(pk__in=sorted(member_ids_of(user)))

    def managed_by(self, user):
        """The members a user may act for (organise an event, offer a service,
        start a diagnosis…), written once: every member for the secretariat,
        the members they are a technician of for others. Forms use it for
        their member choices, admin pages and selectors for their scopes."""
        from .roles import is_secretariat

        if is_secretariat(user):
            return self
        return self.of_technician(user)


@str_columns("name")
class Member(TimeStampedModel):
    """A member organisation of the network: a municipality, a comarca council
    or another public body."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COMARCA_COUNCIL = "comarca_council", _("Comarca council")
        OTHER_PUBLIC_BODY = "other_public_body", _("Other public body")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    official_code = models.CharField(
        _("official code"),
        max_length=20,
        blank=True,
        help_text=_("IDESCAT/INE code of the municipality or code of the body."),
    )
    municipality = models.ForeignKey(
        "territories.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("municipality"),
    )
    comarca = models.ForeignKey(
        "territories.Comarca",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("comarca"),
    )
    joined_on = models.DateField(_("adhesion date"), null=True, blank=True)
    left_on = models.DateField(_("date left"), null=True, blank=True)
    website = HttpsURLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_keyed("network:member_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError(
                {"left_on": _("A member cannot leave before it joined.")}
            )

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()


@str_columns("name")
class Body(TimeStampedModel):
    """A governance body of the network (comissió tècnica, comissió executiva,
    secretaria tècnica, comissió promotora, assemblea…)."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Technical secretariat")
        TECHNICAL_COMMISSION = "technical_commission", _("Technical commission")
        EXECUTIVE_COMMISSION = "executive_commission", _("Executive commission")
        PROMOTER_COMMISSION = "promoter_commission", _("Promoter commission")
        ASSEMBLY = "assembly", _("Member assembly")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_(
            "Other names by which documents refer to this body, one per line "
            "(used to recognise it in imported work plans)."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_keyed("network:body_detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class BodyMembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        day = on or timezone.localdate()
        return self.filter(Q(start_on__isnull=True) | Q(start_on__lte=day)).filter(
            Q(end_on__isnull=True) | Q(end_on__gte=day)
        )


class BodyMembership(TimeStampedModel):
    """A person's seat in a body over a period of time."""

    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("body"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="body_memberships",
        verbose_name=_("person"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_memberships",
        verbose_name=_("on behalf of"),
    )
    role = models.CharField(_("role in the body"), max_length=100, blank=True)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)

    objects = BodyMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        ordering = ["body", "-start_on"]

    def __str__(self) -> str:
        return f"{self.user} — {self.body}"

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError(
                {"end_on": _("The end date is before the start date.")}
            )


class TechnicianQuerySet(models.QuerySet):
    def current(self, on=None):
        day = on or timezone.localdate()
        return self.filter(Q(start_on__isnull=True) | Q(start_on__lte=day)).filter(
            Q(end_on__isnull=True) | Q(end_on__gte=day)
        )


class Technician(TimeStampedModel):
    """An SSE technician working for a member (usually a municipality)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="technician_posts",
        verbose_name=_("person"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="technicians",
        verbose_name=_("member"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)

    objects = TechnicianQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("technician")
        verbose_name_plural = _("technicians")
        ordering = ["member", "user"]

    def __str__(self) -> str:
        return f"{self.user} — {self.member}"

    def clean(self) -> None:
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError(
                {"end_on": _("The end date is before the start date.")}
            )


@str_columns("name")
class Institution(TimeStampedModel):
    """An external institution the network relates to (Generalitat, Diputacions,
    federations, ateneus cooperatius, other networks…)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        PROVINCIAL_COUNCIL = "provincial_council", _("Provincial council")
        FEDERATION = "federation", _("Federation")
        ATENEU = "ateneu", _("Ateneu cooperatiu")
        NETWORK = "network", _("Network or movement")
        UNIVERSITY = "university", _("University or research")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER
    )
    website = HttpsURLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="institutions",
        verbose_name=_("themes it cares about"),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
