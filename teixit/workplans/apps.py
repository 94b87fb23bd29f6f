from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplansConfig(AppConfig):
    name = "teixit.workplans"
    label = "workplans"
    verbose_name = _("Work plans")

    def ready(self) -> None:
        from .sources import autodiscover

        # Each app's workplan_sources.py registers the indicators it computes.
        autodiscover()
