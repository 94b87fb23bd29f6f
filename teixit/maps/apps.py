from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "teixit.maps"
    label = "maps"
    verbose_name = _("Public map")

    def ready(self) -> None:
        from teixit.maps import handlers

        handlers.connect()
