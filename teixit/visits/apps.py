from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "teixit.visits"
    label = "visits"
    verbose_name = _("Visits to the public site")

    def ready(self) -> None:
        from . import counter

        counter.install_exit_flush()
