"""Reads of competences: the default profile, a person's gaps and what covers
them, and anonymous counts."""

from collections import Counter

from django.db.models import Prefetch

from .models import Competence, CompetenceProfile, SelfAssessment, SelfAssessmentRating

# Counts are shown only when at least this many people have assessed
# themselves, so that nobody's levels can be inferred.
MIN_GROUP = 3


def default_profile(
    *, roles: bool = True, descriptors: bool = True, themes: bool = True
) -> CompetenceProfile | None:
    """The default competence profile with its competences (and their
    function) read; `roles`: its roles and their functions too (the profile's
    page), `descriptors`: each competence's descriptors (the profile's page,
    the self-assessment's form), `themes`: each competence's themes (the
    gaps, matched with trainings and experts)."""
    competences = Competence.objects.select_related("function")
    if descriptors:
        competences = competences.prefetch_related("descriptors")
    if themes:
        competences = competences.prefetch_related("themes")
    lookups = [Prefetch("competences", queryset=competences)]
    if roles:
        lookups.insert(0, "roles__functions")
    return (
        CompetenceProfile.objects.order_by("-is_default", "pk")
        .prefetch_related(*lookups)
        .first()
    )


def own_levels(*, user, profile: CompetenceProfile) -> dict[int, int]:
    return dict(
        SelfAssessmentRating.objects.filter(
            assessment__user=user, assessment__profile=profile
        ).values_list("competence_id", "level")
    )


def gaps_for(
    *, user, profile: CompetenceProfile, levels: dict[int, int] | None = None
) -> list[dict]:
    """Competences where the person's level is below the target, each with the
    upcoming trainings and the experts that cover its themes. Competences not
    assessed are not gaps (the person has not said)."""
    from teixit.experts.selectors import experts_for_themes
    from teixit.trainings.selectors import trainings_for_themes

    if levels is None:  # the person's levels (`own_levels`), when not given
        levels = own_levels(user=user, profile=profile)
    gaps = []
    for competence in profile.competences.all():
        level = levels.get(competence.pk)
        if level is None or level >= competence.target_level:
            continue
        theme_ids = [t.pk for t in competence.themes.all()]
        gaps.append(
            {
                "competence": competence,
                "level": level,
                "target": competence.target_level,
                "trainings": list(trainings_for_themes(theme_ids=theme_ids))
                if theme_ids
                else [],
                "experts": list(
                    experts_for_themes(theme_ids=theme_ids, exclude_user=user)
                )
                if theme_ids
                else [],
            }
        )
    return gaps


def anonymous_counts(*, profile: CompetenceProfile) -> dict:
    """How many people rated each level of each competence; empty below
    MIN_GROUP assessments."""
    people = (
        SelfAssessment.objects.filter(profile=profile, ratings__isnull=False)
        .distinct()
        .count()
    )
    if people < MIN_GROUP:
        return {"people": people, "rows": [], "enough": False, "min_group": MIN_GROUP}
    counter = Counter(
        SelfAssessmentRating.objects.filter(assessment__profile=profile).values_list(
            "competence_id", "level"
        )
    )
    rows = []
    for competence in profile.competences.all():
        counts = [counter[(competence.pk, level)] for level in (1, 2, 3, 4)]
        below = sum(
            n
            for level, n in zip((1, 2, 3, 4), counts, strict=True)
            if level < competence.target_level
        )
        rows.append({"competence": competence, "counts": counts, "below_target": below})
    return {"people": people, "rows": rows, "enough": True, "min_group": MIN_GROUP}
