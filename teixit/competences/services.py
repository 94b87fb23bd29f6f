"""Writes of competences: the self-assessment (private) and the default profile.

Rules owned here: levels are 1–4; a person has one self-assessment per profile
and only writes their own; only one profile is the default."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teixit.vocabulary.schemes import THEMES

from .models import (
    Competence,
    CompetenceProfile,
    LevelDescriptor,
    ProfileFunction,
    ProfileRole,
    SelfAssessment,
    SelfAssessmentRating,
)


@transaction.atomic
def self_assessment_save(
    *, user, profile: CompetenceProfile, levels: dict[int, int | None]
) -> SelfAssessment:
    """Save a person's levels: {competence_id: level or None (not assessed)}."""
    valid_ids = set(profile.competences.values_list("pk", flat=True))
    if set(levels) - valid_ids:
        raise ValidationError(_("Unknown competence."), code="unknown_competence")
    for level in levels.values():
        if level is not None and not 1 <= int(level) <= 4:
            raise ValidationError(_("Levels go from 1 to 4."), code="invalid_level")
    assessment, _created = SelfAssessment.objects.get_or_create(
        user=user, profile=profile
    )
    for competence_id, level in levels.items():
        if level is None:
            SelfAssessmentRating.objects.filter(
                assessment=assessment, competence_id=competence_id
            ).delete()
        else:
            SelfAssessmentRating.objects.update_or_create(
                assessment=assessment,
                competence_id=competence_id,
                defaults={"level": int(level)},
            )
    assessment.save(update_fields=["updated_at"])
    return assessment


def self_assessment_delete(*, user, profile: CompetenceProfile) -> None:
    SelfAssessment.objects.filter(user=user, profile=profile).delete()


DEFAULT_PROFILE = {
    "name": "Perfil del personal tècnic d'economia social i solidària",
    "description": (
        "Les funcions i competències del personal tècnic municipal que impulsa "
        "l'economia social i solidària (ESS), amb quatre nivells: inicial, bàsic, avançat i expert."
    ),
    "roles": [
        (
            "Promotor/a",
            "Impulsa l'ESS al territori i en fa difusió.",
            [
                (
                    "Sensibilització i difusió",
                    [
                        (
                            "coneixement-ess",
                            "Coneixement de l'ESS",
                            "Conceptes, actors i marc normatiu de l'ESS.",
                            3,
                            ["mercat-social", "politiques-publiques"],
                        ),
                        (
                            "comunicacio",
                            "Comunicació i sensibilització",
                            "Explicar l'ESS a la ciutadania i a l'ajuntament.",
                            3,
                            ["comunicacio"],
                        ),
                    ],
                ),
            ],
        ),
        (
            "Acompanyant",
            "Acompanya projectes i entitats.",
            [
                (
                    "Acompanyament a projectes",
                    [
                        (
                            "acompanyament",
                            "Acompanyament a projectes col·lectius",
                            "De la idea a la constitució i la consolidació.",
                            3,
                            ["emprenedoria"],
                        ),
                        (
                            "financament",
                            "Finançament de l'ESS",
                            "Finances ètiques i instruments de finançament.",
                            2,
                            ["financament"],
                        ),
                    ],
                ),
            ],
        ),
        (
            "Articulador/a",
            "Connecta l'ajuntament, les entitats i altres administracions.",
            [
                (
                    "Polítiques públiques",
                    [
                        (
                            "compra-publica",
                            "Compra pública responsable",
                            "Clàusules socials i reserva de contractes.",
                            3,
                            ["contractacio-publica"],
                        ),
                        (
                            "treball-en-xarxa",
                            "Treball en xarxa",
                            "Coordinació amb altres municipis i agents.",
                            3,
                            ["intercooperacio-xarxes"],
                        ),
                    ],
                ),
            ],
        ),
    ],
}
DESCRIPTORS = {
    1: "En coneix l'existència i els conceptes bàsics.",
    2: "Ho aplica amb suport en situacions senzilles.",
    3: "Ho aplica amb autonomia i n'adapta les eines.",
    4: "N'és referent: ho ensenya i en crea eines noves.",
}


@transaction.atomic
def default_profile_load() -> CompetenceProfile:
    """The default profile of the SSE technician; idempotent."""
    from teixit.vocabulary.models import Concept

    existing = CompetenceProfile.objects.filter(is_default=True).first()
    if existing is not None:
        return existing
    data = DEFAULT_PROFILE
    profile = CompetenceProfile.objects.create(
        name=data["name"], description=data["description"], is_default=True
    )
    order = 0
    for r_order, (role_name, role_desc, functions) in enumerate(data["roles"]):
        role = ProfileRole.objects.create(
            profile=profile, name=role_name, description=role_desc, order=r_order
        )
        for f_order, (function_name, competences) in enumerate(functions):
            function = ProfileFunction.objects.create(
                profile=profile, role=role, name=function_name, order=f_order
            )
            for code, name, desc, target, themes in competences:
                competence = Competence.objects.create(
                    profile=profile, function=function, code=code, name=name, description=desc,
                    target_level=target, order=order,
                )  # fmt: skip
                order += 1
                competence.themes.set(
                    Concept.objects.in_scheme(THEMES).filter(code__in=themes)
                )
                LevelDescriptor.objects.bulk_create(
                    [
                        LevelDescriptor(competence=competence, level=level, text=text)
                        for level, text in DESCRIPTORS.items()
                    ]
                )
    return profile
