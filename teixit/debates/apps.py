from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebatesConfig(AppConfig):
    name = "teixit.debates"
    label = "debates"
    verbose_name = _("Debates")
