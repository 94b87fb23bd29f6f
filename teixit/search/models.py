"""The search index: one row per findable item, kept current by signals.

The full-text part lives next to this table and depends on the database:
an FTS5 virtual table `search_fts` on SQLite, a generated `tsvector` column
with a GIN index on PostgreSQL (see migrations/0002_fulltext.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        # The people of the network: technicians, body members, the secretariat
        # (a wiki space for network members).
        NETWORK = "network", _("People of the network only")

    type = models.CharField(_("type"), max_length=30)
    object_id = models.BigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    url = models.CharField(_("URL"), max_length=500)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Concept codes as " code1 code2 " so one code is matched with `contains`.
    themes = models.CharField(_("themes"), max_length=1000, blank=True)
    territory_code = models.CharField(_("territory code"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    title_folded = models.TextField(_("folded title"), blank=True)
    body_folded = models.TextField(_("folded text"), blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["type", "object_id"], name="search_document_unique_object"
            )
        ]
        indexes = [
            models.Index(fields=["visibility", "type"], name="search_doc_vis_type"),
            # Without a query the results come newest first: walked in this
            # order instead of sorting every visible document.
            models.Index(fields=["-date", "-id"], name="search_doc_date"),
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.object_id} {self.title}"

    @property
    def theme_codes(self) -> list[str]:
        return self.themes.split()
