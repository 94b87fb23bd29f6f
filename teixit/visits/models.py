"""Visits to the public site, counted without tracking anyone: one row per day
and section of the site with the number of page views (see ``counter.py`` and
docs/privacy.md for exactly what is counted). No cookie, IP address, user
agent, address of the page or referrer is stored."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyVisits(models.Model):
    day = models.DateField(_("day"))
    section = models.CharField(
        _("section"),
        max_length=50,
        help_text=_("The part of the site: news, entities, map…"),
    )
    count = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("visits of a day")
        verbose_name_plural = _("visits per day")
        ordering = ["-day", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "section"], name="visits_dailyvisits_unique_day_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.section}: {self.count}"
