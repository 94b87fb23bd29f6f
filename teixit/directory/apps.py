from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "teixit.directory"
    label = "directory"
    verbose_name = _("Directory of resources and networks")
