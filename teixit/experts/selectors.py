"""Reads of the expertise directory."""

from django.db.models import Count, Q, QuerySet

from .models import Consultation, ExpertProfile


def expert_list(
    *, q: str = "", area: str = "", language: str = "", consultations: bool = False
) -> QuerySet:
    qs = (
        ExpertProfile.objects.listed()
        .select_related("user", "member")
        .prefetch_related("areas")
    )
    if q:
        qs = qs.filter(
            Q(user__name__icontains=q) | Q(headline__icontains=q) | Q(bio__icontains=q)
        )
    if area:
        qs = qs.filter(areas__code=area)
    if language:
        # JSON list membership, portable across SQLite and PostgreSQL.
        qs = qs.filter(languages__icontains=f'"{language}"')
    if consultations:
        qs = qs.filter(takes_consultations=True)
    return qs.distinct().order_by("user__name", "pk")


def expert_counts() -> dict:
    """Aggregated, anonymous counts for the public: how many people, and how
    many per area of expertise."""
    from teixit.vocabulary.models import Concept

    listed = ExpertProfile.objects.listed()
    by_area = (
        Concept.objects.filter(experts__listed=True, experts__user__is_active=True)
        .annotate(n=Count("experts", distinct=True))
        .order_by("-n", "code")
    )
    return {"total": listed.count(), "by_area": list(by_area)}


def consultations_of(*, user) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(Q(expert=user) | Q(requester=user))
        .select_related("expert", "requester")
        .annotate(message_count=Count("messages"))
        .order_by("-updated_at")
    )


def experts_for_themes(
    *, theme_ids, exclude_user=None, limit: int = 5
) -> QuerySet[ExpertProfile]:
    """Listed experts with any of these areas (competence gaps)."""
    qs = (
        ExpertProfile.objects.listed()
        .filter(areas__in=list(theme_ids))
        .select_related("user", "member")
    )
    if exclude_user is not None:
        qs = qs.exclude(user=exclude_user)
    return qs.distinct().order_by("pk")[:limit]
