import csv

import pytest

from teixit.diagnosis.indicators import (
    INDICATORS,
    distribution,
    mapping_coverage,
    quantile,
)
from teixit.diagnosis.models import Diagnosis, IndicatorValue
from teixit.diagnosis.services import (
    diagnosis_create,
    diagnosis_submit,
    diagnosis_update,
    diagnosis_validate,
    indicator_snapshot_take,
)
from teixit.entities.models import Entity
from teixit.territories.models import Population
from teixit.territories.tests.factories import MunicipalityFactory

from .factories import answers_saved, entity, small_world

pytestmark = pytest.mark.django_db


def value(indicator, code, year=2020, ttype="municipality", breakdown=""):
    row = IndicatorValue.objects.filter(
        indicator=indicator,
        territory_code=code,
        year=year,
        territory_type=ttype,
        breakdown=breakdown,
    ).first()
    return None if row is None else row.value


def _answer_and_submit(diagnosis, user, *, mapped: str) -> None:
    """The required answers (mapping done: `mapped`), then submitted."""
    answers_saved(
        diagnosis,
        {
            "sse_budget": "1",
            "sse_staff_fte": "1",
            "sse_plan": "no",
            "needs": "-",
            "sse_mapping_done": mapped,
        },
    )
    diagnosis_submit(diagnosis=diagnosis, user=user)


def test_register_indicators_match_hand_computed_values_for_municipalities():
    world = small_world()
    indicator_snapshot_take(year=2020)
    a, b, c = world["a"].code, world["b"].code, world["c"].code
    assert value("entities_total", a) == 4
    assert value("entities_per_10k", a) == pytest.approx(4 / 20000 * 10000)  # 2.0
    assert value("sse_jobs", a) == 18  # 10 + 5 + 3
    assert value("sse_jobs_per_1k", a) == pytest.approx(18 / 20000 * 1000)  # 0.9
    assert value("women_jobs_share", a) == pytest.approx(
        (6 + 1) / (10 + 5) * 100
    )  # 46.67
    assert value("social_balance_share", a) == pytest.approx(
        2 / 4 * 100
    )  # 2019 and 2020, not 2021
    assert value("entities_created", a) == 2
    assert value("entities_per_10k", b) == pytest.approx(1 / 5000 * 10000)
    assert value("women_jobs_share", b) == pytest.approx(100.0)
    assert value("social_balance_share", b) == 0
    assert value("entities_per_10k", c) == 0
    assert value("women_jobs_share", c) is None  # no jobs: no value rather than zero


def test_register_indicators_aggregate_comarca_and_network_as_ratios_of_sums():
    world = small_world()
    indicator_snapshot_take(year=2020)
    c1 = world["c1"].code
    assert value("entities_per_10k", c1, ttype="comarca") == pytest.approx(
        5 / 25000 * 10000
    )
    assert value("sse_jobs_per_1k", c1, ttype="comarca") == pytest.approx(
        20 / 25000 * 1000
    )
    assert value("women_jobs_share", c1, ttype="comarca") == pytest.approx(
        (7 + 2) / (15 + 2) * 100
    )
    assert value("social_balance_share", c1, ttype="comarca") == pytest.approx(
        2 / 5 * 100
    )
    # The network is A and C (members): 4 entities over 30,000 inhabitants.
    assert value("entities_per_10k", "network", ttype="network") == pytest.approx(
        4 / 30000 * 10000
    )
    assert value("sse_jobs", "network", ttype="network") == 18


def test_breakdown_indicators_count_by_legal_form_and_sector():
    world = small_world()
    indicator_snapshot_take(year=2020)
    a = world["a"].code
    assert value("entities_by_legal_form", a, breakdown="coop") == 2
    assert value("entities_by_legal_form", a, breakdown="assoc") == 1
    assert value("entities_by_sector", a, breakdown="agro") == 2
    assert value("entities_by_sector", a, breakdown="energy") == 1
    assert (
        value(
            "entities_by_legal_form",
            world["c1"].code,
            ttype="comarca",
            breakdown="assoc",
        )
        == 2
    )


def test_snapshot_uses_population_of_that_year_and_keeps_history():
    world = small_world()
    indicator_snapshot_take(year=2019)
    a = world["a"].code
    # 2019 uses the 2019 population of A (19,000); B and C have none before 2020.
    assert value("entities_per_10k", a, year=2019) == pytest.approx(4 / 19000 * 10000)
    assert value("entities_per_10k", world["b"].code, year=2019) is None
    assert (
        IndicatorValue.objects.get(
            indicator="entities_per_10k", territory_code=a, year=2019
        ).population_year
        == 2019
    )
    # The register changes later: the 2019 snapshot is kept as it was.
    entity(world["a"], legal_form="coop")
    indicator_snapshot_take(year=2020)
    assert value("entities_total", a, year=2019) == 4
    assert value("entities_total", a, year=2020) == 5


def test_snapshot_rerun_replaces_that_year_only():
    world = small_world()
    indicator_snapshot_take(year=2019)
    indicator_snapshot_take(year=2020)
    count_2019 = IndicatorValue.objects.filter(year=2019).count()
    Entity.objects.filter(municipality=world["a"]).update(status=Entity.Status.ARCHIVED)
    indicator_snapshot_take(year=2020)
    assert value("entities_total", world["a"].code) == 0
    assert IndicatorValue.objects.filter(year=2019).count() == count_2019
    assert (
        IndicatorValue.objects.filter(
            year=2020, indicator="entities_total", territory_code=world["a"].code
        ).count()
        == 1
    )


def test_answer_indicators_come_from_validated_non_private_diagnoses(
    version, secretariat_user
):
    world = small_world()
    da = diagnosis_create(member=world["member_a"], year=2020)
    dc = diagnosis_create(member=world["member_c"], year=2020)
    for diagnosis, budget in ((da, "50.000"), (dc, "90000")):
        answers_saved(
            diagnosis,
            {
                "sse_budget": budget,
                "sse_staff_fte": "1,5",
                "sse_plan": "yes",
                "sse_mapping_done": "no",
                "needs": "Espais",
            },
        )
    diagnosis_update(diagnosis=dc, visibility=Diagnosis.Visibility.PRIVATE)
    for diagnosis in (da, dc):
        diagnosis_submit(diagnosis=diagnosis, user=secretariat_user)
    diagnosis_validate(diagnosis=da, user=secretariat_user)
    assert value("budget_per_inhabitant", world["a"].code) == pytest.approx(
        50000 / 20000
    )
    assert value("technicians_per_10k", world["a"].code) == pytest.approx(
        1.5 / 20000 * 10000
    )
    diagnosis_validate(diagnosis=dc, user=secretariat_user)
    assert value("budget_per_inhabitant", world["c"].code) is None  # private
    # Validation recomputes the answer indicators, never the register ones.
    assert not IndicatorValue.objects.filter(indicator="entities_total").exists()


def test_mapping_coverage_counts_members_with_a_diagnosis_whose_sse_is_mapped(
    version, secretariat_user
):
    world = small_world()
    da = diagnosis_create(member=world["member_a"], year=2020)
    dc = diagnosis_create(member=world["member_c"], year=2020)
    assert mapping_coverage(year=2020) == 0
    for diagnosis in (da, dc):
        _answer_and_submit(diagnosis, secretariat_user, mapped="no")
    # A has entities in the register; C has none and answered "no".
    assert mapping_coverage(year=2020) == 1
    assert mapping_coverage(year=2021) == 0


def test_mapping_coverage_is_registered_for_the_work_plan():
    from teixit.workplans.sources import indicator_source_get

    source = indicator_source_get("diagnosis.mapping_coverage")
    assert source is not None
    assert source.compute(year=2020) == 0


def test_mapping_coverage_of_several_years_at_once_is_that_of_each_year(
    version, secretariat_user
):
    """The work plan's source gives all the years of a plan at once (the
    evaluation page): the values ``compute`` gives year by year, a year
    without diagnoses included, in the same queries whatever the years."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.workplans.sources import indicator_source_get

    world = small_world()
    for member, year, mapped in (
        (world["member_a"], 2020, "no"),  # A's register maps it
        (world["member_c"], 2020, "yes"),
        (world["member_c"], 2022, "no"),
        (world["member_a"], 2023, "no"),
        (world["member_c"], 2023, "yes"),
    ):
        diagnosis = diagnosis_create(member=member, year=year)
        _answer_and_submit(diagnosis, secretariat_user, mapped=mapped)
    source = indicator_source_get("diagnosis.mapping_coverage")
    years = [2019, 2020, 2021, 2022, 2023]

    each = {year: source.compute(year=year) for year in years}
    with CaptureQueriesContext(connection) as two:
        source.by_year(years=years[:2])
    with CaptureQueriesContext(connection) as five:
        together = source.by_year(years=years)

    assert together == each == {2019: 0, 2020: 2, 2021: 0, 2022: 0, 2023: 2}
    assert len(five.captured_queries) == len(two.captured_queries)


def test_quartiles_interpolate_between_ranks():
    assert quantile([1, 2, 3, 4], 0.5) == 2.5
    assert quantile([1, 2, 3, 4], 0.25) == 1.75
    assert distribution([4, 1, 3, 2]) == {
        "count": 4,
        "min": 1,
        "q1": 1.75,
        "median": 2.5,
        "q3": 3.25,
        "max": 4,
    }


def test_every_indicator_definition_is_complete():
    for code, d in INDICATORS.items():
        assert d.code == code and d.name and d.unit and d.formula
        assert d.direction in ("higher", "lower")
        assert d.source in ("register", "answers", "diagnoses")


REAL = {  # code: (name, 2019 total, 2020 total) from Idescat's file, summed by hand
    "080018": ("Abrera", 12489, 12538),
    "250030": ("Agramunt", 5371, 5411),
    "250024": ("Àger", 588, 580),
}


def test_indicators_on_real_idescat_population(shared_data):
    path = shared_data("catalonia", "poblacio-municipis-idescat-2019-2020.csv")
    municipalities = {
        code: MunicipalityFactory(code=code, name=name)
        for code, (name, _a, _b) in REAL.items()
    }
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            if row[1] in REAL:
                counts = [int(n) for n in row[3:12]]
                Population.objects.create(
                    municipality=municipalities[row[1]],
                    year=int(row[0]),
                    total=sum(counts[6:9]),
                    men=sum(counts[0:3]),
                    women=sum(counts[3:6]),
                )
    for code, (_name, total_2019, total_2020) in REAL.items():
        assert (
            Population.objects.get(municipality__code=code, year=2019).total
            == total_2019
        )
        assert (
            Population.objects.get(municipality__code=code, year=2020).total
            == total_2020
        )
    for _ in range(5):
        entity(municipalities["080018"], workers_total=4, workers_women=3)
    entity(municipalities["250024"], workers_total=2, workers_women=1)
    indicator_snapshot_take(year=2019)
    indicator_snapshot_take(year=2020)
    assert value("entities_per_10k", "080018", year=2019) == pytest.approx(
        5 * 10000 / 12489
    )  # 4.0035
    assert value("entities_per_10k", "080018", year=2020) == pytest.approx(
        5 * 10000 / 12538
    )  # 3.9879
    assert value("entities_per_10k", "250024", year=2020) == pytest.approx(
        1 * 10000 / 580
    )  # 17.2414
    assert value("sse_jobs_per_1k", "080018", year=2020) == pytest.approx(
        20 * 1000 / 12538
    )
    assert value("women_jobs_share", "250024", year=2020) == pytest.approx(50.0)
    assert value("entities_per_10k", "250030", year=2020) == 0


def test_population_file_not_matching_the_territories_is_refused(tmp_path):
    """Population comes from the territories import, which must refuse rows of
    municipalities it does not know (all or nothing, with the line)."""
    import json

    from django.core.exceptions import ValidationError

    from teixit.territories.services import territories_import

    feature = {
        "type": "Feature",
        "geometry": {"type": "MultiPolygon", "coordinates": [[[[1.0, 41.0], [1.1, 41.0], [1.1, 41.1], [1.0, 41.0]]]]},
        "properties": {
            "CODIMUNI": "080018", "NOMMUNI": "Abrera", "CODICOMAR": "11", "NOMCOMAR": "Baix Llobregat",
            "CODIVEGUE": "01", "NOMVEGUE": "Barcelona", "CODIPROV": "08", "NOMPROV": "Barcelona", "AREAM5000": 19.97,
        },
    }  # fmt: skip
    geojson = tmp_path / "municipis.geojson"
    geojson.write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}),
        encoding="utf-8",
    )
    population = tmp_path / "poblacio.csv"
    header = "Any,Codi,Literal,Homes. a,Homes. b,Homes. c,Dones. a,Dones. b,Dones. c,Total. a,Total. b,Total. c\n"
    population.write_text(
        header
        + "2020,080018,Abrera,1,1,1,1,1,1,2,2,2\n2020,999999,Enlloc,1,1,1,1,1,1,2,2,2\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as exc:
        territories_import(geojson=geojson, population=population)
    assert "999999" in " ".join(exc.value.messages)
    assert not Population.objects.exists()


def test_mapping_coverage_of_several_years_is_four_queries_and_agrees_year_by_year(
    version, secretariat_user, django_assert_num_queries
):
    """The diagnosis index shows six years of coverage: one query set for all of
    them (it was four queries per year, one a scan of the register), with the
    same figures as the one-year function: the members, the register's stamp
    (the members with a published entity are kept for it: one more query the
    first time), the diagnoses and the answers."""
    from teixit.diagnosis.indicators import (
        mapping_coverage_detail,
        mapping_coverage_years,
    )

    world = small_world()
    for year in (2019, 2020):
        d = diagnosis_create(member=world["member_a"], year=year)
        _answer_and_submit(d, secretariat_user, mapped="no")
    years = [2018, 2019, 2020, 2021, 2022, 2023]
    from django.db import connection

    mapping_coverage_years(years)
    # On PostgreSQL this test's transaction has written, so the register's
    # stamp is not a cache key and the members are probed again (one query).
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 4):
        rows = mapping_coverage_years(years)
    assert rows == [mapping_coverage_detail(year=y) for y in years]
    assert [r["both"] for r in rows] == [0, 1, 1, 0, 0, 0]
    assert {r["members"] for r in rows} == {2}
    assert [r["mapped"] for r in rows] == [1] * 6  # A has entities in the register


def test_choropleth_outlines_are_simplified_to_whole_pixels_and_keep_small_places(db):
    """The network page drew 947 outlines at a tenth of a pixel (652 KB of SVG):
    outlines are now whole pixels with points closer than SIMPLIFY_PX dropped,
    and a municipality too small to keep three points keeps all its pixels."""
    import math
    import re

    from django.core.cache import cache

    from teixit.diagnosis import charts

    cache.clear()
    # A large municipality: a circle of 2,000 points.
    circle = [
        [
            1.0 + 0.3 * math.cos(2 * math.pi * i / 2000),
            41.5 + 0.2 * math.sin(2 * math.pi * i / 2000),
        ]
        for i in range(2000)
    ]
    big = MunicipalityFactory(
        name="Gran", boundary={"type": "Polygon", "coordinates": [circle + [circle[0]]]}
    )
    # A tiny one, a few hundred metres across, far from the big one.
    tiny = MunicipalityFactory(
        name="Petit",
        boundary={
            "type": "Polygon",
            "coordinates": [[[2.0, 42.0], [2.004, 42.0], [2.004, 42.003], [2.0, 42.0]]],
        },
    )
    base = charts.base_map()
    big_d, tiny_d = base["paths"][big.pk][2], base["paths"][tiny.pk][2]
    assert re.fullmatch(r"M\d+,\d+l(-?\d+,-?\d+ ?)+z", big_d)  # whole pixels, relative
    moves = big_d.count(",") - 1
    assert 50 < moves < 2000 / 2  # simplified, still a round shape
    assert tiny_d.startswith("M")  # kept although smaller than SIMPLIFY_PX
    svg = str(
        charts.choropleth_svg(title="t", values={big.pk: 1.0, tiny.pk: 2.0})["svg"]
    )
    assert svg.count("<title>") == 2 and "Gran: 1" in svg
    assert svg.count('stroke-width="0.3"') == 2  # once per class group, not per path
