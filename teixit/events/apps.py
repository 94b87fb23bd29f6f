from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "teixit.events"
    label = "events"
    verbose_name = _("Meetings and events")

    def ready(self) -> None:
        from teixit.workplans.related import register_action_related

        from . import handlers
        from .selectors import agreements_for_action, agreements_for_many_actions

        handlers.register()

        # The plan's indicators: workplan_sources.py (discovered by workplans).
        register_action_related(
            "events.agreements",
            label=_("Agreements of meetings"),
            items=agreements_for_action,
            items_many=agreements_for_many_actions,
        )
