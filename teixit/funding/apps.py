from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "teixit.funding"
    label = "funding"
    verbose_name = _("Public funding lines")

    def ready(self) -> None:
        from . import indicators

        indicators.register()
