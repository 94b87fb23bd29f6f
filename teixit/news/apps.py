from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "teixit.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from teixit.core.panels import register_panel
        from teixit.workplans.sources import register_indicator_source

        from . import panels, selectors

        register_panel("home", panels.home_news, key="news.home")
        register_indicator_source(
            "news.published",
            label=_("News published"),
            period=selectors.published_count,
            unit=_("news"),
            matches=["Accions del pla de comunicació"],
            by_year=selectors.published_count_by_year,
        )
