from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionsConfig(AppConfig):
    name = "teixit.recognitions"
    label = "recognitions"
    verbose_name = _("Grants, awards and labels")

    def ready(self) -> None:
        from teixit.core.panels import register_panel
        from teixit.workplans.sources import register_indicator_source

        from .panels import entity_labels_panel
        from .selectors import recognitions_catalogued, recognitions_catalogued_by_year

        register_panel("entity", entity_labels_panel, key="recognitions.labels")

        register_indicator_source(
            "recognitions.catalogued",
            label=_("Grants, awards and labels for the SSE catalogued"),
            period=recognitions_catalogued,
            unit=_("recognitions"),
            matches=["prestigi de l'ESS"],
            by_year=recognitions_catalogued_by_year,
        )
