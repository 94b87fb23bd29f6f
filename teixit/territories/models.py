"""Reference territories: provinces, comarques and municipalities with population."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from teixit.core.choices import str_columns
from teixit.core.template_engine import reverse_keyed

from .fields import OutlineField, OutlineQuerySet
from .text import name_key

CATALAN_PROVINCES = ("08", "17", "25", "43")


@str_columns("name")
class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    boundary = OutlineField(
        _("outline"),
        null=True,
        blank=True,
        help_text=_("GeoJSON geometry simplified for web maps."),
    )

    objects = OutlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


@str_columns("name")
class Comarca(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comarques",
        verbose_name=_("province"),
        help_text=_("Province of most of its municipalities (comarques may span two)."),
    )
    boundary = OutlineField(
        _("outline"),
        null=True,
        blank=True,
        help_text=_("GeoJSON geometry simplified for web maps."),
    )

    objects = OutlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("comarca")
        verbose_name_plural = _("comarques")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@str_columns("name")
class Municipality(models.Model):
    """A municipality. `code` is IDESCAT's 6-digit code in Catalonia (INE code
    plus check digit); `ine_code` is the 5-digit INE code used across Spain."""

    code = models.CharField(_("code"), max_length=11, unique=True)
    ine_code = models.CharField(_("INE code"), max_length=5, db_index=True, blank=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    search_name = models.CharField(
        _("search key"),
        max_length=200,
        db_index=True,
        blank=True,
        editable=False,
        help_text=_(
            "The name in lower case, without accents or article, for look-ups."
        ),
    )
    comarca = models.ForeignKey(
        Comarca,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("comarca"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("province"),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    latitude = models.FloatField(_("centroid latitude"), null=True, blank=True)
    longitude = models.FloatField(_("centroid longitude"), null=True, blank=True)
    boundary = OutlineField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_("GeoJSON geometry simplified for web maps."),
    )

    objects = OutlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A derived column of this row's own name, kept in step on every save.
        self.search_name = name_key(self.name)
        if (
            kwargs.get("update_fields") is not None
            and "name" in kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse_keyed(
            "territories:municipality_detail", kwargs={"code": self.code}
        )

    @property
    def is_catalan(self) -> bool:
        return self.code[:2] in CATALAN_PROVINCES


class Population(models.Model):
    """Official population of a municipality on 1 January of a year."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="populations",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveIntegerField(_("total"))
    men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["municipality", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="population_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.total}"
