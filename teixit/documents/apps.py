from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "teixit.documents"
    label = "documents"
    verbose_name = _("Documents written together")

    def ready(self) -> None:
        from teixit.workplans.sources import register_indicator_source

        from . import selectors, verbs

        verbs.register()
        register_indicator_source(
            "documents.approved",
            label=_("Versions of the network's documents approved"),
            period=selectors.approved_count,
            by_year=selectors.approved_count_by_year,
        )
