"""JSON API of the indicators: definitions and yearly values (open data for
public indicators; members-only indicators need a network member's token)."""

import io

from django.http import HttpResponse
from ninja import Router
from ninja.pagination import paginate

from teixit.accounts.api_auth import optional_user
from teixit.core.api import ERROR_RESPONSES, Pagination, prebuilt_page
from teixit.core.spreadsheets import safe_csv_writer

from .indicators import IndicatorDef
from .schemas import IndicatorOut, IndicatorValueOut
from .selectors import indicator_values, indicators_for_user, kept_per_data_version

router = Router(tags=["diagnosis"])

CSV_COLUMNS = [
    "indicator",
    "breakdown",
    "territory_type",
    "territory_code",
    "territory_name",
    "year",
    "value",
    "numerator",
    "denominator",
    "population_year",
]


def _indicator_out(d: IndicatorDef) -> dict:
    return {
        "code": d.code,
        "name": str(d.name),
        "unit": str(d.unit),
        "direction": d.direction,
        "formula": str(d.formula),
        "source": d.source,
        "public": d.public,
        "kind": d.kind,
        "breakdown_scheme": d.breakdown_scheme,
        "municipal": d.municipal,
    }


@router.get(
    "/indicators/",
    response={200: list[IndicatorOut], **ERROR_RESPONSES},
    operation_id="diagnosis_indicators_list",
    summary="Indicator definitions (code, name, unit, direction, formula, source)",
    auth=optional_user,
)
def list_indicators(request):
    return [_indicator_out(d) for d in indicators_for_user(request.user)]


@router.get(
    "/indicators/values/",
    response={200: list[IndicatorValueOut], **ERROR_RESPONSES},
    operation_id="diagnosis_indicator_values_list",
    summary="Yearly indicator values per territory; filter by indicator, territory code, territory type and year",
    auth=optional_user,
)
@prebuilt_page
@paginate(Pagination)
def list_indicator_values(
    request,
    indicator: str | None = None,
    territory: str | None = None,
    territory_type: str | None = None,
    year: int | None = None,
    breakdown: str | None = None,
):
    values = indicator_values(
        user=request.user,
        indicator=indicator,
        territory=territory,
        territory_type=territory_type,
        year=year,
        breakdown=breakdown,
    )
    return _ValuesPage(values)


# An item of the list (`IndicatorValueOut`), in its order: plain values of the
# columns (the schema's floats and integers are the columns' own types).
_VALUE_COLUMNS = (*CSV_COLUMNS, "computed_at")


class _ValuesPage:
    """The values, counted once per data version (the count walked every value
    of the visible indicators: ~30 ms at a tenth of network scale) and only
    the page read, as plain values rather than model instances."""

    def __init__(self, values):
        self.values = values

    def __len__(self) -> int:
        sql, params = self.values.query.sql_with_params()
        return kept_per_data_version(
            f"api-values-count\n{sql}\n{params!r}", self.values.count
        )

    def __getitem__(self, index: slice) -> list[dict]:
        rows = self.values.values_list(*_VALUE_COLUMNS)[index]
        return [dict(zip(_VALUE_COLUMNS, row, strict=True)) for row in rows]


class _Anonymous:
    is_authenticated = False
    is_active = False
    is_superuser = False

    def has_perm(self, perm, obj=None):
        return False


@router.get(
    "/indicators/values.csv",
    response={200: str, **ERROR_RESPONSES},
    operation_id="diagnosis_indicator_values_csv",
    summary="The values of the public indicators as CSV (same filters)",
    openapi_extra={
        "responses": {200: {"description": "CSV", "content": {"text/csv": {}}}}
    },
)
def indicator_values_csv(
    request,
    indicator: str | None = None,
    territory: str | None = None,
    territory_type: str | None = None,
    year: int | None = None,
    breakdown: str | None = None,
):
    rows = indicator_values(
        user=_Anonymous(),
        indicator=indicator,
        territory=territory,
        territory_type=territory_type,
        year=year,
        breakdown=breakdown,
    ).values_list(*CSV_COLUMNS)
    buffer = io.StringIO()
    writer = safe_csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows.iterator(chunk_size=5000))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicator-values.csv"'
    return response
