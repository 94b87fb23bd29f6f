from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "teixit.needs"
    label = "needs"
    verbose_name = _("Needs and social market")

    def ready(self) -> None:
        from teixit.workplans.sources import register_indicator_source

        from . import handlers
        from .selectors import (
            needs_answered,
            needs_answered_by_year,
            needs_confirmed,
            needs_confirmed_by_year,
        )

        handlers.register()

        register_indicator_source(
            "needs.confirmed",
            label=_("Unmet needs confirmed"),
            period=needs_confirmed,
            unit=_("needs"),
            matches=["detectar necessitats no cobertes"],
            by_year=needs_confirmed_by_year,
        )
        register_indicator_source(
            "needs.answered",
            label=_("Needs being answered or covered by the SSE"),
            period=needs_answered,
            unit=_("needs"),
            matches=["Mercat social: facilitar i promoure"],
            by_year=needs_answered_by_year,
        )
