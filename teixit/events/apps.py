from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "teixit.events"
    label = "events"
    verbose_name = _("Meetings and events")

    def ready(self) -> None:
        from teixit.workplans.related import register_action_related
        from teixit.workplans.sources import register_indicator_source

        from . import handlers
        from .selectors import agreements_for_action, network_meetings_held

        handlers.register()

        register_indicator_source(
            "events.network_meetings_held",
            label=_("Network meetings held"),
            compute=network_meetings_held,
            unit=_("meetings"),
        )
        register_action_related(
            "events.agreements",
            label=_("Agreements of meetings"),
            items=agreements_for_action,
        )
