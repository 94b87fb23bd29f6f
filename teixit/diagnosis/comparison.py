"""The network comparison's context, shared by its page, its reports and the
task that builds large reports in the background."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from teixit.entities.selectors import kept_at_register_stamp, register_stamp
from teixit.territories.models import Comarca

from . import charts
from .indicators import DIRECTION_LABELS, SOURCE_LABELS
from .selectors import (
    SCOPES,
    breakdown_codes,
    indicator_default_years,
    indicator_or_none,
    indicator_years,
    indicators_for_user,
    network_ranking,
    register_values_ensure,
)


def _year_param(params) -> int | None:
    try:
        return int(params.get("year", ""))
    except (TypeError, ValueError):
        return None


def network_context(*, params, user, for_print: bool = False) -> dict:
    """Everything the network comparison shows (page and reports) for the
    query parameters `params` (indicator, year, breakdown, scope, comarca).
    `for_print`: the map drawn for the PDF (see charts.choropleth_svg)."""
    defs = indicators_for_user(user)
    municipal_defs = [d for d in defs if d.municipal]
    indicator = indicator_or_none(params.get("indicator"), user)
    if indicator is None or not indicator.municipal:
        indicator = municipal_defs[0]
    this_year = timezone.localdate().year
    year = _year_param(params)
    if year is not None:
        register_values_ensure(year)
    else:
        # The indicator's latest year with values, not the latest year of any
        # indicator (a diagnosis validated for a new year must not empty it).
        year = indicator_default_years([indicator.code]).get(indicator.code, this_year)
    years = indicator_years(indicator.code)
    if indicator.source == "register" and this_year not in years:
        years.append(this_year)  # computed on demand when chosen
    if year not in years:
        years.append(year)
    years.sort()
    breakdowns = (
        breakdown_codes(indicator=indicator, year=year)
        if indicator.has_breakdown
        else []
    )
    breakdown = params.get("breakdown", "")
    if indicator.has_breakdown and breakdown not in {c for c, _l in breakdowns}:
        breakdown = breakdowns[0][0] if breakdowns else ""
    scope = params.get("scope", "")
    stamp = register_stamp()
    comarques = kept_at_register_stamp(
        "diagnosis:comarques",
        lambda: list(Comarca.objects.order_by("name").values_list("code", "name")),
        stamp=stamp,
    )
    comarca = params.get("comarca", "")
    if scope not in SCOPES:
        scope = "network"
    if scope == "comarca" and comarca not in {code for code, _n in comarques}:
        scope, comarca = "network", ""
    if scope != "comarca":
        comarca = ""
    ranking = network_ranking(
        indicator=indicator,
        year=year,
        breakdown=breakdown,
        scope=scope,
        comarca=comarca,
    )
    values = {r["municipality_id"]: r["value"] for r in ranking["rows"]}
    title = str(indicator.name)
    if breakdown:
        title += f" — {dict(breakdowns).get(breakdown, breakdown)}"

    def draw() -> dict:
        return {
            "histogram": charts.histogram_svg(
                title=_("Distribution of municipalities: %(indicator)s")
                % {"indicator": title},
                values=list(values.values()),
                decimals=indicator.decimals,
            ),
            "map": charts.choropleth_svg(
                title=title,
                values=values,
                decimals=indicator.decimals,
                for_print=for_print,
            ),
        }

    # The histogram and the map are a function of these and of the
    # municipalities' outlines (the register's stamp changes with any write
    # of a municipality): kept, they spare each view the map's 8,000
    # municipality rows and its outlines read back from the cache.
    drawn = kept_at_register_stamp(
        json.dumps(
            [
                "diagnosis:network-charts",
                get_language(),
                title,
                indicator.decimals,
                for_print,
                sorted(values.items()),
            ]
        ),
        draw,
        stamp=stamp,
    )
    return {
        "indicators": municipal_defs,
        "indicator": indicator,
        "years": years,
        "year": year,
        "breakdowns": breakdowns,
        "breakdown": breakdown,
        "scope": scope,
        "comarca": comarca,
        "comarques": comarques,
        "ranking": ranking,
        "title": title,
        "histogram": drawn["histogram"],
        "map": drawn["map"],
        "params": {
            "indicator": indicator.code,
            "year": str(year),
            "breakdown": breakdown,
            "scope": scope,
            "comarca": comarca,
        },
        "source_labels": SOURCE_LABELS,
        "direction_labels": DIRECTION_LABELS,
    }
