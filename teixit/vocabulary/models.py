"""The shared vocabulary: concept schemes and concepts (SKOS-like), in ca/es/en."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.choices import str_columns
from teixit.core.fields import HttpsURLField
from teixit.core.template_engine import reverse_keyed
from teixit.core.text import fold
from teixit.core.translation import LANGUAGE_CODES, translated

from .schemes import ESSGLOBAL_PREFIX


class ConceptScheme(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    uri = HttpsURLField(_("URI"), max_length=500, blank=True)
    label_ca = models.CharField(_("label (Catalan)"), max_length=200, blank=True)
    label_es = models.CharField(_("label (Spanish)"), max_length=200, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    definition_ca = models.TextField(_("definition (Catalan)"), blank=True)
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("concept scheme")
        verbose_name_plural = _("concept schemes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label or self.code

    @property
    def label(self) -> str:
        return translated(self, "label")

    @property
    def definition(self) -> str:
        return translated(self, "definition")

    @property
    def is_essglobal(self) -> bool:
        return self.code.startswith(ESSGLOBAL_PREFIX)


class ConceptQuerySet(models.QuerySet):
    def in_scheme(self, code: str):
        return self.filter(scheme__code=code)


def _concept_str(label_ca: str, label_es: str, label_en: str, code: str) -> str:
    """`str(concept)` from its columns (`str_columns`: selects of concepts
    read rows): `translated_text` of the three labels, else the code, without
    a dictionary and a language order per option (a select has hundreds)."""
    language = (get_language() or "ca")[:2]
    own = label_es if language == "es" else label_en if language == "en" else ""
    return own or label_ca or label_es or label_en or code


@str_columns("label_ca", "label_es", "label_en", "code", label=_concept_str)
class Concept(models.Model):
    scheme = models.ForeignKey(
        ConceptScheme,
        on_delete=models.CASCADE,
        related_name="concepts",
        verbose_name=_("scheme"),
    )
    code = models.CharField(_("code"), max_length=100)
    uri = HttpsURLField(_("URI"), max_length=500, blank=True)
    essglobal_uri = HttpsURLField(_("ESSGlobal URI"), max_length=500, blank=True)
    label_ca = models.CharField(_("label (Catalan)"), max_length=300, blank=True)
    label_es = models.CharField(_("label (Spanish)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    definition_ca = models.TextField(_("definition (Catalan)"), blank=True)
    definition_es = models.TextField(_("definition (Spanish)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    broader = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader concept"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_(
            "Code, labels and definitions in lower case without accents, for searching."
        ),
    )

    objects = ConceptQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        ordering = ["scheme", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], name="concept_unique_code_in_scheme"
            )
        ]

    def __str__(self) -> str:
        return self.label or self.code

    def save(self, *args, **kwargs):
        # A derived column of this row's own text, kept in step on every save.
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse_keyed("vocabulary:glossary") + f"#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"{self.scheme.code}-{self.code}"

    def build_search_text(self) -> str:
        parts = [self.code]
        for name in ("label", "definition"):
            parts += [getattr(self, f"{name}_{code}") or "" for code in LANGUAGE_CODES]
        return fold(" ".join(part for part in parts if part))

    @property
    def label(self) -> str:
        return translated(self, "label")

    @property
    def definition(self) -> str:
        return translated(self, "definition")
