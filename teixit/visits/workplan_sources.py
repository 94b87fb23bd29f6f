"""The work plan's indicator of visits to the public site (see
``teixit.workplans.sources``): page views counted privately by
``middleware.PageViewCounterMiddleware``."""

from django.utils.translation import gettext_lazy as _

from teixit.workplans.sources import register_indicator_source

from .selectors import visits_between, visits_by_year

register_indicator_source(
    "visits.public_site",
    label=_("Visits to the public site (page views)"),
    period=visits_between,
    unit=_("page views"),
    matches=["Accions del pla de comunicació", "Actualitzar el web"],
    by_year=visits_by_year,
)
