from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabularyConfig(AppConfig):
    name = "teixit.vocabulary"
    label = "vocabulary"
    verbose_name = _("Shared vocabulary")
