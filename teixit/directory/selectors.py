"""Reads of the directory."""

from django.db.models import Q, QuerySet

from teixit.vocabulary.schemes import THEMES

from .models import DirectoryEntry


def directory_list(
    *, kind: str = "", scope: str = "", theme: str = "", q: str = ""
) -> QuerySet[DirectoryEntry]:
    """The published entries, filtered."""
    qs = DirectoryEntry.objects.published().select_related("municipality").prefetch_related("themes")  # fmt: skip
    if kind:
        qs = qs.filter(kind=kind)
    if scope:
        qs = qs.filter(scope=scope)
    if theme:
        qs = qs.filter(themes__scheme__code=THEMES, themes__code=theme)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(place__icontains=q)
        )
    return qs.distinct()


def review_queue() -> QuerySet[DirectoryEntry]:
    return DirectoryEntry.objects.filter(status=DirectoryEntry.Status.PROPOSED).select_related("proposed_by")  # fmt: skip


def proposals_of(user) -> QuerySet[DirectoryEntry]:
    if not user.is_authenticated:
        return DirectoryEntry.objects.none()
    return DirectoryEntry.objects.filter(proposed_by=user).exclude(status=DirectoryEntry.Status.PUBLISHED)  # fmt: skip


def network_open_data_links() -> list[dict]:
    """The register's open data that the network's own entry links, and the
    index of the network's Murmurations profiles (teixit.murmurations)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    export = reverse("entities:export")
    return [
        {"format": "jsonld", "label": _("SSE entity register as JSON-LD"), "url": f"{export}?format=jsonld"},
        {"format": "geojson", "label": _("SSE entity register as GeoJSON"), "url": f"{export}?format=geojson"},
        {"format": "murmurations", "label": _("Murmurations profiles of the network, its members and its entities"), "url": reverse("murmurations:index")},
    ]  # fmt: skip
