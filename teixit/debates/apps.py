from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebatesConfig(AppConfig):
    name = "teixit.debates"
    label = "debates"
    verbose_name = _("Debates")

    def ready(self) -> None:
        from teixit.core.moderation import hidden
        from teixit.core.panels import register_panel

        from . import handlers, panels, verbs
        from .models import Reply

        hidden.connect(handlers.reply_hidden, sender=Reply, dispatch_uid="debates")

        verbs.register()
        register_panel("object", panels.object_debates, key="debates.object")
        register_panel("report", panels.report_conclusions, key="debates.report")
