"""Saving lines (territory expanded into areas, rules), one line's overlaps
found by the database, resolving overlaps, and the indicator sources."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from teixit.funding import selectors, services
from teixit.funding.models import FundingLine, FundingLineArea, OverlapResolution
from teixit.funding.overlaps import all_overlaps
from teixit.workplans.sources import indicator_source_get

from .factories import FundingLineFactory, make_line

pytestmark = pytest.mark.django_db


def test_territory_is_expanded_into_areas(secretariat_user, places, themes):
    line = make_line(
        by=secretariat_user,
        themes=[themes["market"]],
        provinces=[places["girona_province"]],
        comarques=[places["osona"]],
        municipalities=[places["vic"], places["sabadell"]],
    )
    rows = set(FundingLineArea.objects.filter(line=line).values_list("comarca__code", "municipality__name"))  # fmt: skip
    # Vic lies in Osona, covered whole: no row of its own.
    assert rows == {("20", None), ("24", None), ("40", "Sabadell")}


def test_whole_catalonia_covers_every_comarca(secretariat_user, places, themes):
    line = make_line(
        by=secretariat_user, themes=[themes["market"]], whole_catalonia=True
    )
    assert line.areas.filter(municipality__isnull=True).count() == 3


def test_a_line_needs_a_territory_themes_and_beneficiaries(
    secretariat_user, places, themes
):
    with pytest.raises(ValidationError) as exc:
        make_line(by=secretariat_user, themes=[themes["market"]])
    assert exc.value.code == "no_territory"
    with pytest.raises(ValidationError):
        make_line(by=secretariat_user, themes=[], comarques=[places["osona"]])
    with pytest.raises(ValidationError):
        make_line(by=secretariat_user, themes=[themes["market"]], beneficiaries=[], comarques=[places["osona"]])  # fmt: skip
    assert not FundingLine.objects.exists()


def test_execution_cannot_end_before_it_starts(secretariat_user, places, themes):
    with pytest.raises(ValidationError) as exc:
        make_line(
            by=secretariat_user,
            themes=[themes["market"]],
            comarques=[places["osona"]],
            execution_start=date(2026, 5, 1),
            execution_end=date(2026, 4, 30),
        )
    assert "execution_end" in exc.value.message_dict


@pytest.mark.parametrize("role", ["technician_user", "registered_user"])
def test_only_coordinators_register_lines(request, role, places, themes):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        make_line(by=user, themes=[themes["market"]], comarques=[places["osona"]])


def test_commission_registers_but_only_secretariat_deletes(
    body_member_user, secretariat_user, places, themes
):
    line = make_line(by=body_member_user, themes=[themes["market"]], comarques=[places["osona"]])  # fmt: skip
    assert line.created_by == body_member_user
    with pytest.raises(PermissionDenied):
        services.funding_line_delete(line=line, by=body_member_user)
    services.funding_line_delete(line=line, by=secretariat_user)
    assert not FundingLine.objects.exists()


@pytest.fixture
def lines(secretariat_user, places, themes):
    """A provincial line over Osona and Vallès, a municipal one of Sabadell
    (overlapping it), a Generalitat line for all of Catalonia on housing, and
    a municipal one of Girona for associations."""
    by = secretariat_user
    return {
        "province": make_line(
            by=by, title="Impulsem l'ESS", administration="Diputació de Barcelona",
            themes=[themes["market"], themes["jobs"]], beneficiaries=["cooperatives", "associations"],
            comarques=[places["osona"], places["valles"]],
        ),
        "sabadell": make_line(
            by=by, title="Sabadell coopera", level=FundingLine.Level.MUNICIPALITY,
            administration="Ajuntament de Sabadell", themes=[themes["market"]],
            beneficiaries=["cooperatives"], municipalities=[places["sabadell"]],
            execution_start=date(2026, 7, 1), execution_end=date(2027, 6, 30),
        ),
        "housing": make_line(
            by=by, title="Habitatge cooperatiu", level=FundingLine.Level.GENERALITAT,
            administration="Generalitat de Catalunya", themes=[themes["housing"]],
            beneficiaries=["cooperatives"], whole_catalonia=True,
        ),
        "girona": make_line(
            by=by, title="Girona associa", level=FundingLine.Level.MUNICIPALITY,
            administration="Ajuntament de Girona", themes=[themes["market"]],
            beneficiaries=["associations"], municipalities=[places["girona"]],
        ),
    }  # fmt: skip


def test_one_lines_overlaps_come_with_score_and_reasons(lines):
    with translation.override("en"):
        overlaps = selectors.overlap_views_for_line(lines["province"])
    assert [view.other for view in overlaps] == [lines["sabadell"]]
    view = overlaps[0]
    # themes 1/2, beneficiaries 1/2, territory 1 (Sabadell inside Vallès),
    # period: 184 shared days of the shorter line's 365
    assert view.score == round(100 * (0.5 + 0.5 + 1 + 184 / 365) / 4)
    reasons = {reason["kind"]: reason["text"] for reason in view.reasons}
    assert "Social market" in reasons["themes"]
    assert "Cooperatives" in reasons["beneficiaries"]
    assert "Sabadell" in reasons["territory"]
    assert "184 days" in reasons["period"]
    # Symmetric.
    assert [v.other for v in selectors.overlap_views_for_line(lines["sabadell"])] == [lines["province"]]  # fmt: skip
    assert selectors.overlap_views_for_line(lines["housing"]) == []
    assert selectors.overlap_views_for_line(lines["girona"]) == []


def test_database_candidates_agree_with_the_rule_on_every_line(lines):
    pairs = {(o.a, o.b) for o in all_overlaps(selectors.line_facts().values())}
    for line in lines.values():
        found = {tuple(sorted((o.a, o.b))) for o in selectors.overlaps_for_line(line)}
        assert found == {p for p in pairs if line.pk in p}


def test_editing_a_line_updates_its_overlaps(lines, secretariat_user, places, themes):
    line = lines["sabadell"]
    line.execution_start = date(2027, 1, 1)
    services.funding_line_save(
        line=line, themes=[themes["market"]], beneficiaries=["cooperatives"],
        municipalities=[places["sabadell"]], by=secretariat_user,
    )  # fmt: skip
    assert selectors.overlaps_for_line(lines["province"]) == []


def test_matrix_counts_overlaps_per_theme_year_and_administration(lines):
    matrix = selectors.overlap_matrix()
    assert matrix["total"] == 1
    assert matrix["years"] == [2026]
    assert [(row["theme"].code, row["counts"]) for row in matrix["theme_rows"]] == [
        ("mercat-social", [1])
    ]
    assert matrix["administrations"] == [
        "Ajuntament de Sabadell",
        "Diputació de Barcelona",
    ]
    assert matrix["rows"][0]["cells"] == [0, 1]
    assert [(p["a"], p["b"]) for p in matrix["pairs"]] == [(lines["province"], lines["sabadell"])]  # fmt: skip
    assert selectors.overlap_matrix(year=2027)["pairs"] == []
    assert selectors.overlap_matrix(theme="ocupacio")["pairs"] == []


def test_commission_resolves_an_overlap_once(lines, body_member_user, registered_user):
    a, b = lines["sabadell"], lines["province"]
    with pytest.raises(PermissionDenied):
        services.overlap_resolve(line=a, other=b, note="Ok", by=registered_user)
    with pytest.raises(ValidationError):
        services.overlap_resolve(line=a, other=b, note="  ", by=body_member_user)
    with pytest.raises(ValidationError) as exc:
        services.overlap_resolve(line=a, other=lines["girona"], note="x", by=body_member_user)  # fmt: skip
    assert exc.value.code == "no_overlap"
    resolution = services.overlap_resolve(
        line=a, other=b, note="Sabadell funds only what the province does not", by=body_member_user
    )  # fmt: skip
    assert (resolution.line_a, resolution.line_b) == (b, a)  # ordered by pk
    with pytest.raises(ValidationError) as exc:
        services.overlap_resolve(line=b, other=a, note="again", by=body_member_user)
    assert exc.value.code == "already_resolved"
    assert selectors.overlap_views_for_line(a)[0].resolution == resolution


def test_indicator_sources_count_lines_and_resolutions(lines, body_member_user):
    registered = indicator_source_get("funding.lines_registered")
    resolved = indicator_source_get("funding.overlaps_resolved")
    assert registered.compute(year=2026) == 4
    assert registered.compute(year=2027) == 1
    assert registered.compute(year=2025) == 0
    assert resolved.compute(year=2026) == 0
    OverlapResolution.objects.create(
        line_a=lines["province"], line_b=lines["sabadell"], note="x", resolved_by=body_member_user
    )  # fmt: skip
    this_year = OverlapResolution.objects.get().created_at.year
    assert resolved.compute(year=this_year) == 1


def test_factory_builds_a_valid_line():
    FundingLineFactory.build().full_clean(exclude=["themes"])
