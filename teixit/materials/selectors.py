"""Reads of the materials library."""

from django.db.models import OuterRef, Q, Subquery

from teixit.network.roles import is_registered

from .models import Material, MaterialVersion, Visibility


def material_visible_q(user) -> Q:
    published = Q(status=Material.Status.PUBLISHED)
    if is_registered(user):
        return published
    return published & Q(visibility=Visibility.PUBLIC)


def _with_current_version(qs):
    latest = MaterialVersion.objects.filter(material=OuterRef("pk")).order_by("-number")
    return qs.annotate(
        current_number=Subquery(latest.values("number")[:1]),
        current_size=Subquery(latest.values("size")[:1]),
        current_content_type=Subquery(latest.values("content_type")[:1]),
        current_preview=Subquery(latest.values("preview")[:1]),
    )


def material_list_for_user(user, *, filters: dict | None = None):
    """Published materials the user may see, with their latest version, in a
    constant number of queries."""
    filters = filters or {}
    qs = Material.objects.filter(material_visible_q(user))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("theme"):
        qs = qs.filter(themes=filters["theme"])
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    qs = (
        qs.select_related("kind", "author_member")
        .prefetch_related("themes")
        .order_by("-created_at", "-pk")
    )
    return _with_current_version(qs.distinct())


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


def material_get_for_detail(pk: int) -> Material:
    return (
        Material.objects.select_related("kind", "author_member", "created_by")
        .prefetch_related("themes", "versions")
        .get(pk=pk)
    )
