from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "teixit.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from . import handlers

        handlers.connect()
