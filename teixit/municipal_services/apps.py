from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalServicesConfig(AppConfig):
    name = "teixit.municipal_services"
    label = "municipal_services"
    verbose_name = _("Municipal SSE services")
