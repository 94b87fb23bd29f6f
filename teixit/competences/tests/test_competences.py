from http import HTTPStatus

import pytest
from django.urls import reverse

from teixit.accounts.tests.factories import UserFactory
from teixit.competences import selectors, services
from teixit.competences.models import Competence, SelfAssessment
from teixit.experts.tests.factories import ExpertProfileFactory
from teixit.trainings.tests.factories import ThemeFactory, TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(db):
    ThemeFactory(code="contractacio-publica")
    ThemeFactory(code="emprenedoria")
    return services.default_profile_load()


def test_default_profile_load_is_idempotent_and_complete(profile):
    assert services.default_profile_load().pk == profile.pk
    assert profile.roles.count() == 3
    competence = profile.competences.get(code="compra-publica")
    assert competence.descriptors.count() == 4
    assert list(competence.themes.values_list("code", flat=True)) == [
        "contractacio-publica"
    ]


def test_profile_page_is_public(client, profile):
    response = client.get(reverse("competences:profile"))
    assert response.status_code == HTTPStatus.OK
    assert "Compra pública responsable" in response.content.decode()


def test_gaps_suggest_trainings_and_experts_by_theme(profile):
    user = UserFactory()
    procurement = Competence.objects.get(code="compra-publica")
    theme = procurement.themes.get()
    training = TrainingFactory(title="Clàusules socials")
    training.themes.add(theme)
    TrainingFactory(title="Sense relació")
    expert = ExpertProfileFactory()
    expert.areas.add(theme)
    hidden = ExpertProfileFactory(listed=False)
    hidden.areas.add(theme)
    services.self_assessment_save(
        user=user,
        profile=profile,
        levels={procurement.pk: 1, profile.competences.get(code="comunicacio").pk: 4},
    )
    gaps = selectors.gaps_for(user=user, profile=profile)
    assert [g["competence"].code for g in gaps] == ["compra-publica"]
    assert gaps[0]["trainings"] == [training]
    assert gaps[0]["experts"] == [expert]


def test_self_assessment_page_saves_and_redirects_to_gaps(
    client_for, technician_user, profile
):
    competence = profile.competences.get(code="compra-publica")
    response = client_for(technician_user).post(
        reverse("competences:self_assessment"), {f"c{competence.pk}": "2"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert selectors.own_levels(user=technician_user, profile=profile) == {
        competence.pk: 2
    }
    page = client_for(technician_user).get(reverse("competences:gaps")).content.decode()
    assert competence.name in page


def test_invalid_level_is_rejected(client_for, technician_user, profile):
    competence = profile.competences.first()
    response = client_for(technician_user).post(
        reverse("competences:self_assessment"), {f"c{competence.pk}": "7"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors
    assert not SelfAssessment.objects.exists()


def test_self_assessment_is_private_even_from_the_secretariat(
    client_for, technician_user, secretariat_user, profile
):
    competence = profile.competences.first()
    services.self_assessment_save(
        user=technician_user, profile=profile, levels={competence.pk: 1}
    )
    # The secretariat's own pages show only their own (empty) assessment.
    content = (
        client_for(secretariat_user).get(reverse("competences:gaps")).content.decode()
    )
    assert competence.name not in content
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:competences_selfassessment_changelist")


def test_stats_are_anonymous_and_need_a_minimum_group(
    client_for, secretariat_user, technician_user, profile
):
    competence = profile.competences.get(code="compra-publica")
    url = reverse("competences:stats")
    assert client_for(technician_user).get(url).status_code == HTTPStatus.FORBIDDEN
    services.self_assessment_save(
        user=UserFactory(), profile=profile, levels={competence.pk: 1}
    )
    stats = selectors.anonymous_counts(profile=profile)
    assert stats["enough"] is False and stats["rows"] == []
    for level in (2, 4):
        services.self_assessment_save(
            user=UserFactory(), profile=profile, levels={competence.pk: level}
        )
    stats = selectors.anonymous_counts(profile=profile)
    row = next(r for r in stats["rows"] if r["competence"] == competence)
    assert row["counts"] == [1, 1, 0, 1] and row["below_target"] == 2
    assert client_for(secretariat_user).get(url).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "role, can_change", [("technician_user", False), ("secretariat_user", True)]
)
def test_admin_profile_changes_per_role(request, client_for, profile, role, can_change):
    user = request.getfixturevalue(role)
    url = reverse("admin:competences_competenceprofile_change", args=[profile.pk])
    # Everyone may read the profile; only the secretariat changes it.
    response = client_for(user).get(url)
    assert response.status_code == HTTPStatus.OK
    assert response.context["has_change_permission"] is can_change
    if not can_change:
        assert (
            client_for(user).post(url, {"name": "Nou"}).status_code
            == HTTPStatus.FORBIDDEN
        )


def test_each_page_reads_the_parts_of_the_profile_it_shows(
    profile, client_for, secretariat_user
):
    """The profile's page reads its roles and descriptors, not the
    competences' themes; the self-assessment reads the descriptors (its form
    shows them), not the roles or themes; the gaps read the themes (matched
    with trainings), not the descriptors; the counts read neither."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.html import escape

    parts = {
        "roles": "competences_profilerole",
        "descriptors": "competences_leveldescriptor",
        "themes": "competences_competence_themes",
    }
    client = client_for(secretariat_user)

    def read(name) -> set[str]:
        url = reverse(f"competences:{name}")
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK, name
        return {
            part
            for part, table in parts.items()
            if any(f'"{table}"' in q["sql"] for q in ctx.captured_queries)
        }

    assert read("profile") == {"roles", "descriptors"}
    assert read("self_assessment") == {"descriptors"}
    assert read("gaps") <= {"themes"}
    assert read("stats") == set()
    page = client.get(reverse("competences:profile")).content.decode()
    descriptor = Competence.objects.filter(profile=profile).first().descriptors.first()
    assert escape(descriptor.text) in page


def test_the_gaps_page_reads_the_persons_levels_once(
    profile, client_for, technician_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.html import escape

    competence = Competence.objects.filter(profile=profile).first()
    client = client_for(technician_user)
    client.post(reverse("competences:self_assessment"), {f"c{competence.pk}": "1"})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("competences:gaps"))
    assert response.status_code == HTTPStatus.OK
    assert escape(competence.name) in response.content.decode()
    levels = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "competences_selfassessmentrating"' in q["sql"]
    ]
    assert len(levels) == 1, levels
