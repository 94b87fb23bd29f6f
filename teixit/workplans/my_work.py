"""The work plan's part of the home page (teixit/home/registry.py): the
actions of the person's bodies, and those with no update for 90 days."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import my_action_counts

SECTION = _("Work plan")
ORDER = 10
STALE_DAYS = 90


def items(user) -> list[dict]:
    total, stale = my_action_counts(
        user,
        not_updated_since=timezone.localdate() - datetime.timedelta(days=STALE_DAYS),
    )
    url = reverse("workplans:my_actions")
    return [
        {"label": _("actions of my bodies"), "count": total, "url": url},
        {"label": _("of them with no update for 90 days"), "count": stale, "url": url},
    ]
