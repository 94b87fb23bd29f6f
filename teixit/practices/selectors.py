"""Reads of the practice bank."""

from django.db.models import Q

from teixit.core.prepared import prepared_object
from teixit.network.roles import is_registered, is_secretariat

from .models import Practice


def practice_visible_q(user) -> Q:
    """Published practices the user may read (members also read members-only
    ones, failures included)."""
    published = Q(status=Practice.Status.PUBLISHED)
    if is_registered(user):
        return published
    return published & Q(visibility=Practice.Visibility.PUBLIC)


def practice_list_for_user(
    user, *, filters: dict | None = None, with_themes: bool = True
):
    """Published practices visible to the user, filtered, with what the list
    shows loaded in a constant number of queries. `with_themes`: the themes
    prefetched (the home page's latest practices show none)."""
    filters = filters or {}
    qs = Practice.objects.filter(practice_visible_q(user))
    if filters.get("outcome"):
        qs = qs.filter(outcome=filters["outcome"])
    if filters.get("scope"):
        qs = qs.filter(scope=filters["scope"])
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    if filters.get("member"):
        qs = qs.filter(member__slug=filters["member"])  # the form gives the slug
    if filters.get("theme"):
        # A subquery, not a join: no duplicate rows, so no DISTINCT, which made
        # the database compare and sort every published practice (long texts
        # included) before it could count them or show the first page.
        qs = qs.filter(
            pk__in=Practice.themes.through.objects.filter(
                concept=filters["theme"]
            ).values("practice_id")
        )
    # Newest first along the (status, published_at, id) index.
    qs = qs.select_related("member")
    if with_themes:
        qs = qs.prefetch_related("themes")
    return qs.order_by("-published_at", "-pk")


def practice_list_of_author(user):
    """The practices the user wrote that are not published yet."""
    if not user.is_authenticated:
        return Practice.objects.none()
    return (
        Practice.objects.filter(author=user)
        .exclude(status=Practice.Status.PUBLISHED)
        .order_by("-updated_at")
    )


def practice_review_queue():
    return (
        Practice.objects.filter(status=Practice.Status.REVIEW)
        .select_related("author", "member")
        .order_by("submitted_at")
    )


_practice_for_detail = prepared_object(
    Practice,
    select_related=("member", "author"),
    prefetch=("themes", "documents", "links", "replicated_in"),
)


def practice_get_for_detail(pk: int) -> Practice:
    """The practice with what its page shows (every query compiled once:
    `core.prepared`); Practice.DoesNotExist when there is none."""
    return _practice_for_detail.get(pk)


def practice_replications_visible(practice: Practice, user) -> list[Practice]:
    if is_secretariat(user):
        return list(practice.replicated_in.all())
    return list(practice.replicated_in.filter(practice_visible_q(user)))
