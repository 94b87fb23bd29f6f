from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MurmurationsConfig(AppConfig):
    name = "teixit.murmurations"
    label = "murmurations"
    verbose_name = _("Murmurations profiles")
