"""Reads of the diagnosis app: diagnoses visible to a user, indicator values,
comparisons of a municipality with the network and with its own past."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.prepared import prepared
from teixit.network.roles import is_network_person, is_secretariat, member_ids_of

from .indicators import INDICATORS, IndicatorDef, distribution, indicator_list
from .models import Diagnosis, IndicatorValue


def diagnosis_list_for_user(user) -> QuerySet[Diagnosis]:
    """Diagnoses the user may see: public ones, members-only ones for network
    people, private ones of their own member; everything for the secretariat."""
    # Not the municipality's boundary: a JSON outline decoded for each row
    # (~0.2 ms), which no list shows.
    qs = Diagnosis.objects.select_related(
        "member", "member__municipality", "version__methodology"
    ).defer("member__municipality__boundary")
    if is_secretariat(user):
        return qs
    visible = Q(visibility=Diagnosis.Visibility.PUBLIC) | Q(
        member_id__in=member_ids_of(user)
    )
    if is_network_person(user):
        visible |= Q(visibility=Diagnosis.Visibility.MEMBERS)
    return qs.filter(visible)


def diagnosis_rows(diagnoses: QuerySet[Diagnosis], limit: int | None = None) -> list:
    """What a list of `diagnoses` shows, read as rows rather than diagnoses
    with their member, municipality and methodology (~0.15 ms a row of
    instances and datetimes): `pk`, `year`, `status`, `member_name`, the
    status and visibility labels, the page's address (`url`) and the
    diagnosis's name as `str(diagnosis)` writes it (`label`)."""
    from teixit.core.navigation import pk_address

    rows = diagnoses.values(
        "pk", "year", "status", "visibility", member_name=F("member__name")
    )
    if limit is not None:
        rows = rows[:limit]
    address = pk_address("diagnosis:diagnosis_detail")
    statuses = {value: str(label) for value, label in Diagnosis.Status.choices}
    visibilities = {value: str(label) for value, label in Diagnosis.Visibility.choices}
    rows = list(rows)
    for row in rows:
        row["url"] = address(row["pk"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["visibility_label"] = visibilities.get(row["visibility"], row["visibility"])
        row["label"] = _("%(member)s, %(year)s") % {
            "member": row["member_name"],
            "year": row["year"],
        }
    return rows


@prepared
def version_questions(version_id: int):
    """A methodology version's questions with their sections, in the
    questionnaire's order (`MethodologyVersion.questions`), compiled once."""
    from .models import Question

    return (
        Question.objects.filter(section__version_id=version_id)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )


@prepared
def diagnosis_answers(diagnosis_id: int):
    """A diagnosis's answers (without their questions), compiled once."""
    from .models import Answer

    return Answer.objects.filter(diagnosis_id=diagnosis_id).order_by()


def indicators_for_user(user) -> list[IndicatorDef]:
    return indicator_list(
        public_only=not user.has_perm("diagnosis.view_private_indicators")
    )


def indicator_values(
    *,
    user,
    indicator: str | None = None,
    territory: str | None = None,
    territory_type: str | None = None,
    year: int | None = None,
    breakdown: str | None = None,
) -> QuerySet[IndicatorValue]:
    codes = [d.code for d in indicators_for_user(user)]
    qs = IndicatorValue.objects.filter(indicator__in=codes)
    if indicator:
        qs = qs.filter(indicator=indicator)
    if territory:
        qs = qs.filter(territory_code=territory)
    if territory_type:
        qs = qs.filter(territory_type=territory_type)
    if year:
        qs = qs.filter(year=year)
    if breakdown is not None:
        qs = qs.filter(breakdown=breakdown)
    return qs.order_by(
        "indicator", "breakdown", "year", "territory_type", "territory_code"
    )


def kept_per_data_version(name: str, compute):
    """`compute()`, kept in the cache for the values' data version
    (`reports.data_version`: one row, bumped in the transaction of every
    write of indicator values, so a new snapshot is seen at once). For reads
    that scan the values table and answer a few numbers: the years with
    values took ~25 ms each at a tenth of network scale (every row of the
    table read for six distinct years), several times per page."""
    from django.core.cache import cache

    from .reports import data_version

    digest = hashlib.sha256(f"{name}\n{data_version()}".encode()).hexdigest()
    key = f"diagnosis:kept:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, 24 * 3600)
    return found


#: What the mapping coverage is computed from, besides the register (whose
#: stamp keys it too): the members, the diagnoses and the answers to the
#: "SSE mapped" question. Every write of those goes through `save()` or
#: `delete()` (services, admin), which changes a table's count or its latest
#: `updated_at` (`TimeStampedModel`; services that save some fields name
#: `updated_at` among them).
_COVERAGE_FINGERPRINT_SQL = """
SELECT
    (SELECT COUNT(*) FROM network_member),
    (SELECT MAX(updated_at) FROM network_member),
    (SELECT COUNT(*) FROM diagnosis_diagnosis),
    (SELECT MAX(updated_at) FROM diagnosis_diagnosis),
    (SELECT COUNT(*) FROM diagnosis_answer
        WHERE question_id IN (SELECT id FROM diagnosis_question WHERE code = %s)),
    (SELECT MAX(updated_at) FROM diagnosis_answer
        WHERE question_id IN (SELECT id FROM diagnosis_question WHERE code = %s))
"""


def coverage_fingerprint() -> str:
    """Changes whenever a member, a diagnosis or an answer to the "SSE
    mapped" question is written or deleted (one statement, no model built)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_COVERAGE_FINGERPRINT_SQL, ["sse_mapping_done"] * 2)
        row = cursor.fetchone()
    return json.dumps([str(value) for value in row])


def recent_mapping_coverage(this_year: int) -> list[dict]:
    """The index's coverage table: `indicators.mapping_coverage_years` for
    the last six of the years with values or diagnoses and `this_year`.
    Four queries and ~4 ms of sets on every view of the index at a tenth of
    network scale: kept for the register's stamp (the entities mapped), the
    members', diagnoses' and answers' fingerprint (`coverage_fingerprint`)
    and the years with values (`snapshot_years`, per data version)."""
    from teixit.entities.selectors import kept_at_register_stamp

    from .indicators import mapping_coverage_years

    years = snapshot_years()

    def compute() -> list[dict]:
        coverage_years = sorted(
            set(years)
            | set(
                Diagnosis.objects.order_by().values_list("year", flat=True).distinct()
            )
            | {this_year}
        )
        return mapping_coverage_years(coverage_years[-6:])

    key = json.dumps(["diagnosis:coverage", this_year, years, coverage_fingerprint()])
    return kept_at_register_stamp(key, compute)


def snapshot_years() -> list[int]:
    """Years with indicator values, oldest first."""
    # order_by(): the model's ordering would add its fields to the DISTINCT
    # (184,000 rows read for five years at a twentieth of network scale).
    return kept_per_data_version(
        "snapshot-years",
        lambda: sorted(
            IndicatorValue.objects.order_by().values_list("year", flat=True).distinct()
        ),
    )


def indicator_codes() -> list[str]:
    """Codes of the indicators with values, in alphabetical order."""
    return kept_per_data_version(
        "indicator-codes",
        lambda: sorted(
            IndicatorValue.objects.order_by()
            .values_list("indicator", flat=True)
            .distinct()
        ),
    )


def indicator_years(code: str) -> list[int]:
    """Years with values of one indicator, oldest first (a new list: callers
    add the current year to it)."""
    return list(
        kept_per_data_version(
            f"indicator-years:{code}",
            lambda: sorted(
                IndicatorValue.objects.filter(indicator=code)
                .order_by()
                .values_list("year", flat=True)
                .distinct()
            ),
        )
    )


def register_values_ensure(year: int | None = None) -> bool:
    """Register-based indicators of the current year are computed on demand:
    when `year` (default: the current one) is the current year and none of its
    register values is stored, they are computed from today's register and
    stored. Past years are never recomputed here (the snapshots keep what was
    measured then). Returns whether values were computed."""
    from .services import indicator_snapshot_take

    this_year = timezone.localdate().year
    year = this_year if year is None else year
    if year != this_year:
        return False
    codes = [code for code, d in INDICATORS.items() if d.source == "register"]
    if IndicatorValue.objects.filter(year=year, indicator__in=codes).exists():
        return False
    indicator_snapshot_take(year=year, sources=("register",))
    return True


def indicator_default_years(codes: list[str]) -> dict[str, int]:
    """Each indicator's default year: the latest year that has values for it
    (a diagnosis validated for a new year must not empty the other
    indicators). Register indicators without any value are computed for the
    current year first."""
    latest = dict(
        kept_per_data_version(
            "latest-years:" + ",".join(sorted(codes)),
            lambda: dict(
                IndicatorValue.objects.filter(indicator__in=codes)
                .values("indicator")
                .annotate(latest=Max("year"))
                .order_by()
                .values_list("indicator", "latest")
            ),
        )
    )
    missing_register = [
        c for c in codes if c not in latest and INDICATORS[c].source == "register"
    ]
    if missing_register and register_values_ensure():
        this_year = timezone.localdate().year
        for code in missing_register:
            latest[code] = this_year
    return latest


def _year_filter(years: dict[str, int]) -> Q:
    """Rows of each indicator in its own year."""
    condition = Q(pk__in=[])
    for code, year in years.items():
        condition |= Q(indicator=code, year=year)
    return condition


def municipality_comparison_kept(
    *, municipality, user, year: int | None = None, then=None
) -> dict:
    """`municipality_comparison`, kept per data version (the values it reads
    change only with it), per indicators the user may see, year asked, the
    municipality's comarca and the network's member municipalities (the
    distributions). `then`: (name, key, function) applied to the comparison
    before it is kept (the page's charts, in a language: the key). Register
    values of the year are computed first if they are missing, as
    `municipality_comparison` does, so that the data version read is the
    one after them."""
    public_only = not user.has_perm("diagnosis.view_private_indicators")
    if year is not None:
        register_values_ensure(year)
    else:
        indicator_default_years([d.code for d in indicators_for_user(user)])
    name, key, function = then or ("", "", None)
    comarca = municipality.comarca.code if municipality.comarca_id else None
    members = sorted(_network_municipality_ids())
    kept_name = json.dumps(
        [
            "municipality-comparison",
            municipality.code,
            comarca,
            year,
            public_only,
            name,
            key,
            members,
        ]
    )

    def compute() -> dict:
        comparison = municipality_comparison(
            municipality=municipality, user=user, year=year
        )
        if function:
            comparison = function(comparison)
        # Kept with each indicator's code: a definition's lazy strings cost
        # ~0.8 ms each to unpickle (Django builds a class per lazy object).
        for row in comparison["rows"]:
            row["indicator"] = row["indicator"].code
        return comparison

    comparison = kept_per_data_version(kept_name, compute)
    for row in comparison["rows"]:
        row["indicator"] = INDICATORS[row["indicator"]]
    return comparison


def municipality_comparison(*, municipality, user, year: int | None = None) -> dict:
    """For each indicator: the municipality's value, its comarca's, the
    network's median and quartiles (over member municipalities), the median
    and quartiles over all municipalities, and its own values over the years.

    Without `year`, each indicator is read in its own latest year with values
    (`row["year"]`); with `year`, every indicator in that year (register
    indicators of the current year are computed on demand)."""
    years = snapshot_years()
    if year is not None:
        register_values_ensure(year)
        years = snapshot_years()
    all_defs = indicators_for_user(user)
    defs = [d for d in all_defs if d.municipal and not d.has_breakdown]
    codes = [d.code for d in defs]
    if year is None:
        year_of = indicator_default_years([d.code for d in all_defs])
        years = snapshot_years()
    else:
        year_of = {d.code: year for d in all_defs}
    own = defaultdict(dict)
    for indicator, y, value in IndicatorValue.objects.filter(
        territory_type=IndicatorValue.TerritoryType.MUNICIPALITY,
        territory_code=municipality.code,
        indicator__in=codes,
        breakdown="",
    ).values_list("indicator", "year", "value"):
        own[indicator][y] = value
    row_years = {code: year_of[code] for code in codes if code in year_of}
    comarca = {}
    network_value = {}
    comarca_code = municipality.comarca.code if municipality.comarca_id else None
    for indicator, ttype, value in (
        IndicatorValue.objects.filter(
            _year_filter(row_years),
            breakdown="",
            territory_type__in=["comarca", "network"],
        )
        .filter(Q(territory_type="network") | Q(territory_code=comarca_code))
        .values_list("indicator", "territory_type", "value")
    ):
        (comarca if ttype == "comarca" else network_value)[indicator] = value
    all_values, network_values = _municipal_values(row_years)
    rows = []
    for d in defs:
        row_year = row_years.get(d.code)
        history = [(y, own[d.code][y]) for y in sorted(own[d.code])]
        rows.append(
            {
                "indicator": d,
                "year": row_year,
                "value": own[d.code].get(row_year),
                "comarca": comarca.get(d.code),
                "network": network_value.get(d.code),
                "network_distribution": distribution(network_values.get(d.code, [])),
                "all_distribution": distribution(all_values.get(d.code, [])),
                "rank": _rank(d, all_values.get(d.code, []), own[d.code].get(row_year)),
                "history": history,
            }
        )
    breakdowns = {d.code: [] for d in all_defs if d.has_breakdown and d.code in year_of}
    if breakdowns:
        # One query for every split indicator, all years (a few dozen rows),
        # the year picked here: with the year in the condition SQLite read
        # the indicator's rows of every municipality (~10 ms at a tenth of
        # network scale) rather than the territory's.
        for indicator, y, breakdown, value in (
            IndicatorValue.objects.filter(
                indicator__in=list(breakdowns),
                territory_type="municipality",
                territory_code=municipality.code,
            )
            .order_by("indicator", "-value", "breakdown")
            .values_list("indicator", "year", "breakdown", "value")
        ):
            if y == year_of[indicator]:
                breakdowns[indicator].append((breakdown, value))
    return {
        "year": year,
        "years": years,
        "rows": rows,
        "breakdowns": breakdowns,
        "breakdown_years": {
            code: year_of[code] for code in breakdowns if code in year_of
        },
    }


def _municipal_values(row_years: dict[str, int]) -> tuple[dict, dict]:
    """Every municipality's value of each indicator in its year, and those of
    the network's members: what the distributions and ranks of a municipality
    page are computed from. Tens of thousands of rows at network scale, the
    same for every municipality: cached per years, members and data version
    (`reports.data_version`, which changes whenever values are written)."""
    from django.core.cache import cache

    from .reports import data_version

    network_muni_ids = _network_municipality_ids()
    parts = json.dumps(
        [sorted(row_years.items()), sorted(network_muni_ids), data_version()]
    )
    key = "diagnosis:municipal-values:" + hashlib.sha256(parts.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    all_values = defaultdict(list)
    network_values = defaultdict(list)
    for indicator, municipality_id, value in IndicatorValue.objects.filter(
        _year_filter(row_years), breakdown="", territory_type="municipality"
    ).values_list("indicator", "municipality_id", "value"):
        all_values[indicator].append(value)
        if municipality_id in network_muni_ids:
            network_values[indicator].append(value)
    result = (dict(all_values), dict(network_values))
    cache.set(key, result, 3600)
    return result


def _rank(defn: IndicatorDef, values: list[float], value: float | None) -> int | None:
    if value is None:
        return None
    if defn.direction == "higher":
        return 1 + sum(1 for v in values if v > value)
    return 1 + sum(1 for v in values if v < value)


def _network_municipality_ids() -> set[int]:
    return set(_network_municipality_ids_read())


@prepared
def _network_municipality_ids_read():
    from teixit.network.models import Member

    return (
        Member.objects.active()
        .filter(municipality__isnull=False)
        .order_by()
        .values_list("municipality_id", flat=True)
    )


#: Municipalities a network comparison ranks: the network's members (the
#: default), all of Catalonia, or one comarca.
SCOPES = ("network", "catalonia", "comarca")


def network_ranking(
    *,
    indicator: IndicatorDef,
    year: int,
    breakdown: str = "",
    scope: str = "network",
    comarca: str = "",
) -> dict:
    """Municipalities of the scope (see SCOPES) ordered by their value, best
    first, with the distribution: kept per data version (and, for the
    network's scope, per set of member municipalities)."""
    members = sorted(_network_municipality_ids()) if scope == "network" else []
    name = json.dumps(
        ["ranking", indicator.code, year, breakdown, scope, comarca, members]
    )
    return kept_per_data_version(
        name,
        lambda: _network_ranking(
            indicator=indicator,
            year=year,
            breakdown=breakdown,
            scope=scope,
            comarca=comarca,
            members=members,
        ),
    )


def _network_ranking(
    *,
    indicator: IndicatorDef,
    year: int,
    breakdown: str,
    scope: str,
    comarca: str,
    members: list[int],
) -> dict:
    qs = IndicatorValue.objects.filter(
        indicator=indicator.code,
        year=year,
        breakdown=breakdown,
        territory_type="municipality",
    )
    if scope == "comarca":
        qs = qs.filter(comarca_code=comarca)
    elif scope == "catalonia":
        from teixit.territories.models import CATALAN_PROVINCES

        qs = qs.filter(municipality__province__code__in=CATALAN_PROVINCES)
    else:
        qs = qs.filter(municipality_id__in=members)
    order = "-value" if indicator.direction == "higher" else "value"
    rows = list(
        qs.order_by(order, "territory_name").values(
            "territory_code",
            "territory_name",
            "comarca_code",
            "value",
            "municipality_id",
        )
    )
    for position, row in enumerate(rows, start=1):
        row["position"] = position
    network = IndicatorValue.objects.filter(
        indicator=indicator.code,
        year=year,
        breakdown=breakdown,
        territory_type="network",
    ).first()
    return {
        "rows": rows,
        "distribution": distribution(r["value"] for r in rows),
        "network": network,
    }


def breakdown_codes(
    *, indicator: IndicatorDef, year: int | None = None
) -> list[tuple[str, str]]:
    """(code, label) of the concepts an indicator is split by."""
    from teixit.vocabulary.models import Concept

    qs = IndicatorValue.objects.filter(indicator=indicator.code).exclude(breakdown="")
    if year:
        qs = qs.filter(year=year)
    codes = set(qs.values_list("breakdown", flat=True).distinct())
    labels = {
        c.code: c.label or c.code
        for c in Concept.objects.filter(
            scheme__code=indicator.breakdown_scheme, code__in=codes
        )
    }
    return sorted(
        ((code, labels.get(code, code)) for code in codes),
        key=lambda item: str(item[1]),
    )


def concept_labels(scheme: str) -> dict[str, str]:
    """{code: label} of a scheme's concepts in the current language, kept
    for the register's stamp (which every write of a concept or a scheme
    changes: `entities.database`)."""
    from django.utils.translation import get_language

    from teixit.entities.selectors import kept_at_register_stamp
    from teixit.vocabulary.models import Concept

    return kept_at_register_stamp(
        f"diagnosis:concept-labels:{get_language()}:{scheme}",
        lambda: {
            c.code: c.label or c.code
            for c in Concept.objects.filter(scheme__code=scheme).only(
                "code", "label_ca", "label_es", "label_en"
            )
        },
    )


def indicator_or_none(code: str | None, user) -> IndicatorDef | None:
    defn = INDICATORS.get(code or "")
    if defn is None:
        return None
    if not defn.public and not user.has_perm("diagnosis.view_private_indicators"):
        return None
    return defn
