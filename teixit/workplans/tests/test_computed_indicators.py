import pytest

from teixit.workplans.models import Indicator
from teixit.workplans.selectors import plan_indicators
from teixit.workplans.services import demo_workplans_load
from teixit.workplans.sources import indicator_source_get

pytestmark = pytest.mark.django_db


def test_seed_plan_mapping_action_gets_the_diagnosis_coverage_indicator():
    assert indicator_source_get("diagnosis.mapping_coverage") is not None
    demo_workplans_load()
    indicator = Indicator.objects.get(source="diagnosis.mapping_coverage")
    assert indicator.action.text.startswith(
        "Promoure la realització de mapeig/diagnosi"
    )
    rows = plan_indicators(indicator.action.objective.line.plan)
    row = next(r for r in rows if r.indicator == indicator)
    years = [year for year, _value in row.values]
    assert years == [2017, 2018, 2019]
    # Nobody has mapped or diagnosed anything in an empty network.
    assert all(value in (0, None) for _year, value in row.values)
