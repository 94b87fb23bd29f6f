from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "teixit.diagnosis"
    label = "diagnosis"
    verbose_name = _("Diagnosis and indicators")

    def ready(self) -> None:
        from teixit.workplans.sources import register_indicator_source

        from .indicators import mapping_coverage, mapping_coverage_by_year

        register_indicator_source(
            "diagnosis.mapping_coverage",
            label=_("Members that mapped their SSE and made a diagnosis"),
            compute=mapping_coverage,
            by_year=mapping_coverage_by_year,
            unit=_("members"),
        )
