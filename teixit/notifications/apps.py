from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "teixit.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from teixit.core.panels import register_panel

        from . import handlers, panels

        handlers.register()
        register_panel("header", panels.bell, key="notifications.bell")
        register_panel("home", panels.whats_new, key="notifications.whats_new")
        register_panel("object", panels.follow_button, key="notifications.follow")
