"""Reads of the materials library."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from teixit.core.prepared import prepared_object
from teixit.network.roles import is_registered

from .models import Material, MaterialVersion, Visibility


def material_visible_q(user) -> Q:
    published = Q(status=Material.Status.PUBLISHED)
    if is_registered(user):
        return published
    return published & Q(visibility=Visibility.PUBLIC)


def material_list_for_user(user, *, filters: dict | None = None):
    """Published materials the user may see, each with its versions newest
    first in `listed_versions` (number and size only), in a constant number of
    queries. The theme filter is an EXISTS, so no row repeats and no DISTINCT
    is needed; the kinds and versions are read for the page's materials only
    (joined or as a subquery per column they would be computed for every
    visible material before the sort)."""
    filters = filters or {}
    qs = Material.objects.filter(material_visible_q(user))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("theme"):
        tagged = Material.themes.through.objects.filter(
            material=OuterRef("pk"), concept=filters["theme"]
        )
        qs = qs.filter(Exists(tagged))
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    versions = MaterialVersion.objects.order_by("-number").only(
        "pk", "material_id", "number", "size"
    )
    return qs.prefetch_related(
        "kind",
        "themes",
        Prefetch("versions", queryset=versions, to_attr="listed_versions"),
    ).order_by("-created_at", "-pk")


def material_list_pending(user):
    """Materials waiting for publication: the secretariat sees all, others
    their own."""
    from teixit.network.roles import is_secretariat

    if not user.is_authenticated:
        return Material.objects.none()
    qs = Material.objects.filter(status=Material.Status.DRAFT).select_related("kind")
    if not is_secretariat(user):
        qs = qs.filter(created_by=user)
    return qs.order_by("-created_at")


_material_for_detail = prepared_object(
    Material,
    select_related=("kind", "author_member", "created_by"),
    prefetch=("themes", "versions"),
)


def material_get_for_detail(pk: int) -> Material:
    """The material with what its page shows (every query compiled once:
    `core.prepared`); Material.DoesNotExist when there is none."""
    return _material_for_detail.get(pk)
