"""Validating a diagnosis for a new year must not empty the public pages:
each indicator's default year is its latest year with values, register
indicators of the current year are computed on demand, and the network
comparison compares the network's members by default."""

import csv
import io
from http import HTTPStatus

import pytest
from django.utils import timezone, translation

from teixit.diagnosis.comparison import network_context
from teixit.diagnosis.indicators import INDICATORS
from teixit.diagnosis.models import IndicatorValue
from teixit.diagnosis.selectors import municipality_comparison, network_ranking
from teixit.diagnosis.services import (
    diagnosis_validate,
    indicator_snapshot_take,
)
from teixit.territories.tests.factories import MunicipalityFactory

from .factories import small_world, submitted_this_year

pytestmark = pytest.mark.django_db


def _validate_this_year(world, secretariat_user):
    """The secretariat validates Alfa's diagnosis of the current year."""
    diagnosis = submitted_this_year(world, secretariat_user)
    diagnosis_validate(diagnosis=diagnosis, user=secretariat_user)
    return diagnosis


@pytest.fixture
def validated_world(version, secretariat_user):
    world = small_world()
    indicator_snapshot_take(year=2020)
    _validate_this_year(world, secretariat_user)
    return world


def test_each_indicator_defaults_to_its_latest_year_with_values(
    validated_world, secretariat_user
):
    this_year = timezone.localdate().year
    comparison = municipality_comparison(
        municipality=validated_world["a"], user=secretariat_user
    )
    rows = {row["indicator"].code: row for row in comparison["rows"]}

    assert rows["entities_total"]["year"] == 2020
    assert rows["entities_total"]["value"] == 4
    assert rows["entities_per_10k"]["value"] == pytest.approx(4 / 20000 * 10000)
    assert rows["budget_per_inhabitant"]["year"] == this_year
    assert rows["budget_per_inhabitant"]["value"] == pytest.approx(40000 / 20000)
    # The breakdowns too: the legal forms of 2020, not "no entities".
    assert dict(comparison["breakdowns"]["entities_by_legal_form"]) == {
        "coop": 2,
        "assoc": 1,
    }


def test_pages_and_reports_keep_showing_values_after_a_validation(
    client_for, validated_world
):
    client = client_for()
    a = validated_world["a"]
    page = client.get(f"/en/diagnosis/municipalities/{a.code}/").content.decode()
    assert "No values of this indicator" not in page
    assert "No entities in the register" not in page

    network = client.get("/en/diagnosis/network/?indicator=entities_per_10k")
    assert network.context["year"] == 2020
    content = network.content.decode()
    assert "No values for this indicator and year" not in content
    assert "Alfa" in content

    report = client.get("/en/diagnosis/network/report.csv?indicator=entities_total")
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert len(rows) > 1
    assert {row[2] for row in rows[1:]} == {"Alfa", "Gamma"}  # the members


def test_register_indicators_of_the_current_year_are_computed_on_demand(client_for, db):
    world = small_world()
    this_year = timezone.localdate().year
    assert not IndicatorValue.objects.exists()  # no snapshot ever taken

    response = client_for().get(f"/en/diagnosis/municipalities/{world['a'].code}/")

    assert response.status_code == HTTPStatus.OK
    rows = {r["indicator"].code: r for r in response.context["comparison"]["rows"]}
    assert rows["entities_total"]["year"] == this_year
    assert rows["entities_total"]["value"] == 4
    assert IndicatorValue.objects.filter(
        year=this_year, indicator="entities_total"
    ).exists()
    # Only the register is computed on demand, and a past year never is.
    assert not IndicatorValue.objects.exclude(
        indicator__in=[c for c, d in INDICATORS.items() if d.source == "register"]
    ).exists()
    client_for().get("/en/diagnosis/network/?indicator=entities_total&year=2019")
    assert not IndicatorValue.objects.filter(year=2019).exists()


def test_choosing_the_current_year_on_the_network_page_computes_it(client_for, db):
    small_world()
    indicator_snapshot_take(year=2020)
    this_year = timezone.localdate().year

    response = client_for().get(
        f"/en/diagnosis/network/?indicator=entities_total&year={this_year}"
    )

    names = [row["territory_name"] for row in response.context["ranking"]["rows"]]
    assert names == ["Alfa", "Gamma"]
    assert this_year in response.context["years"]


def test_network_comparison_ranks_the_members_by_default_with_other_scopes(db):
    from teixit.territories.tests.factories import PopulationFactory, ProvinceFactory

    small_world()
    granada = MunicipalityFactory(
        code="18087",
        name="Granada",
        comarca=None,
        province=ProvinceFactory(code="18", name="Granada"),
    )
    PopulationFactory(municipality=granada, year=2020, total=230000)
    indicator_snapshot_take(year=2020)
    defn = INDICATORS["entities_total"]

    def names(**kwargs):
        ranking = network_ranking(indicator=defn, year=2020, **kwargs)
        return sorted(r["territory_name"] for r in ranking["rows"])

    assert names() == ["Alfa", "Gamma"]
    assert names(scope="comarca", comarca="71") == ["Alfa", "Beta"]
    assert names(scope="catalonia") == ["Alfa", "Beta", "Gamma"]  # not Granada
    assert IndicatorValue.objects.filter(territory_name="Granada").exists()


def test_network_page_scope_options_and_unknown_scope(client_for, db):
    small_world()
    indicator_snapshot_take(year=2020)
    client = client_for()

    default = client.get("/en/diagnosis/network/?indicator=entities_total&year=2020")
    assert default.context["scope"] == "network"
    comarca = client.get(
        "/en/diagnosis/network/?indicator=entities_total&year=2020"
        "&scope=comarca&comarca=71"
    )
    assert [r["territory_name"] for r in comarca.context["ranking"]["rows"]] == [
        "Alfa",
        "Beta",
    ]
    unknown = client.get(
        "/en/diagnosis/network/?indicator=entities_total&year=2020"
        "&scope=comarca&comarca=zz"
    )
    assert unknown.context["scope"] == "network"
    assert "All of Catalonia" in default.content.decode()


NETWORK_PDF = "/en/diagnosis/network/report.pdf?indicator=entities_total&year=2020"


def test_network_pdf_is_cached_per_filters_and_data_version(client_for, db):
    from django.core.cache import cache

    from teixit.diagnosis import reports

    small_world()
    indicator_snapshot_take(year=2020)
    cache.clear()
    client = client_for()
    first = client.get(NETWORK_PDF)
    assert first.status_code == HTTPStatus.OK
    assert first.content.startswith(b"%PDF")
    keys = [k for k in cache._cache if "diagnosis:report:" in k]  # locmem
    assert len(keys) == 1
    # The second request is answered from the cache (a marker put there).
    context = network_context(
        params={"indicator": "entities_total", "year": "2020"},
        user=first.wsgi_request.user,
        for_print=True,
    )
    with translation.override("en"):
        key = reports.network_report_key(context, "pdf")
    cache.set(key, b"%PDF cached copy")
    assert client.get(NETWORK_PDF).content == b"%PDF cached copy"
    # Other filters, or new data, make another report.
    assert client.get(NETWORK_PDF + "&scope=catalonia").content != b"%PDF cached copy"
    indicator_snapshot_take(year=2020)
    assert client.get(NETWORK_PDF).content != b"%PDF cached copy"


def test_large_network_pdf_is_built_in_the_background(
    client_for, db, monkeypatch, settings
):
    from django.core.cache import cache

    from teixit.diagnosis import reports
    from teixit.diagnosis.tasks import network_report_build_task

    small_world()
    indicator_snapshot_take(year=2020)
    cache.clear()
    monkeypatch.setattr(reports, "BACKGROUND_ROWS", 1)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    client = client_for()

    waiting = client.get(NETWORK_PDF)

    assert waiting.status_code == HTTPStatus.ACCEPTED
    assert 'id="report-preparing"' in waiting.content.decode()
    # Asking again does not queue the build twice.
    client.get(NETWORK_PDF)
    from django_tasks import default_task_backend

    assert len(default_task_backend.results) == 1
    # The worker builds it; the next request downloads it.
    network_report_build_task.call(
        params={
            "indicator": "entities_total",
            "year": "2020",
            "breakdown": "",
            "scope": "network",
            "comarca": "",
        },
        user_id=None,
        language="en",
    )
    done = client.get(NETWORK_PDF)
    assert done.status_code == HTTPStatus.OK
    assert done.content.startswith(b"%PDF")
