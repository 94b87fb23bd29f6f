"""The directory of resources and networks: federations, ateneus, other
networks, support services, courses and the SSE services of municipalities
that are not members, each with a public page once the secretariat has
published it (docs/directory.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.fields import HttpsURLField
from teixit.core.models import TimeStampedModel
from teixit.core.template_engine import reverse_keyed
from teixit.vocabulary.schemes import THEMES


class DirectoryEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=DirectoryEntry.Status.PUBLISHED)


class DirectoryEntry(TimeStampedModel):
    class Kind(models.TextChoices):
        FEDERATION = "federation", _("Federation")
        ATENEU = "ateneu", _("Ateneu cooperatiu")
        NETWORK = "network", _("Network or movement")
        SUPPORT_SERVICE = "support_service", _("Support service")
        COURSE = "course", _("Course or training programme")
        MUNICIPAL_SERVICE = (
            "municipal_service",
            _("SSE service of a non-member municipality"),
        )
        OTHER = "other", _("Other resource")

    class Scope(models.TextChoices):
        LOCAL = "local", _("Local or comarcal")
        CATALONIA = "catalonia", _("Catalonia")
        SPAIN = "spain", _("Spain")
        ABROAD = "abroad", _("International or abroad")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.CATALONIA
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown.")
    )
    themes = models.ManyToManyField(
        "vocabulary.Concept",
        blank=True,
        related_name="directory_entries",
        limit_choices_to={"scheme__code": THEMES},
        verbose_name=_("themes"),
    )
    comarques = models.ManyToManyField(
        "territories.Comarca", blank=True, related_name="+", verbose_name=_("comarques")
    )
    municipality = models.ForeignKey(
        "territories.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Where it is based; for a municipal service, its municipality."),
    )
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Outside Catalonia: city and country."),
    )
    website = HttpsURLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    institution = models.OneToOneField(
        "network.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entry",
        verbose_name=_("institution of the network"),
    )
    is_this_network = models.BooleanField(
        _("this network"),
        default=False,
        help_text=_(
            "The entry of the network that runs this site: it links the register's open data."
        ),
    )
    trainings = models.ManyToManyField(
        "trainings.Training", blank=True, related_name="+", verbose_name=_("trainings")
    )
    practices = models.ManyToManyField(
        "practices.Practice", blank=True, related_name="+", verbose_name=_("practices")
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="+", verbose_name=_("events")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = DirectoryEntryQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, comarques])

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_this_network"],
                condition=models.Q(is_this_network=True),
                name="directory_one_entry_for_this_network",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_keyed("directory:detail", kwargs={"slug": self.slug})
