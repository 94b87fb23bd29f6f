from datetime import datetime

from ninja import Schema


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    direction: str
    formula: str
    source: str
    public: bool
    kind: str
    breakdown_scheme: str
    municipal: bool


class IndicatorValueOut(Schema):
    indicator: str
    breakdown: str
    territory_type: str
    territory_code: str
    territory_name: str
    year: int
    value: float
    numerator: float | None
    denominator: float | None
    population_year: int | None
    computed_at: datetime
