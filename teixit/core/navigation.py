"""The platform's main navigation. Sections whose pages are not installed yet
are left out, so an app shows up as soon as its URL exists."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("core:home", _("Home")),
    ("network:member_list", _("Network")),
    ("workplans:plan_list", _("Work plan")),
    ("maps:map", _("SSE map")),
    ("diagnosis:index", _("Diagnosis")),
    ("practices:list", _("Practices")),
    ("materials:list", _("Materials")),
    ("events:list", _("Agenda")),
    ("trainings:list", _("Trainings")),
    ("experts:list", _("Experts")),
    ("municipal_services:list", _("Municipal services")),
    ("competences:profile", _("Competences")),
    ("debates:list", _("Debates")),
    ("search:search", _("Search")),
    ("vocabulary:glossary", _("Glossary")),
]


def main_navigation(request) -> list[dict]:
    items = []
    for name, label in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if url == "/" or url.rstrip("/") in ("/es", "/en"):
            active = request.path == url
        else:
            active = request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items
