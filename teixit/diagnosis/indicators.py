"""The one registry of indicator definitions, and their computation.

Definitions live in code (not in the database) so that a definition and the
formula that computes it change together, in one reviewed commit; pages, the
API, CSV/xlsx/PDF exports and the snapshot command all read `INDICATORS`.

Computation is done for every municipality at once with a few GROUP BY
queries (no per-municipality loop), then aggregated in Python to comarques
and to the network:

- ratio indicators aggregate as Σ numerators ÷ Σ denominators (× factor),
  i.e. a comarca's entities per 10,000 inhabitants is its entities over its
  population, not the mean of its municipalities' ratios;
- count indicators aggregate as sums.

"The network" is the set of municipalities of the network's active members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from teixit.vocabulary.schemes import LEGAL_FORMS, SECTORS


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    formula: str
    source: str  # "register", "answers" or "diagnoses"
    direction: str = "higher"  # "higher" or "lower" is better
    public: bool = True
    kind: str = "ratio"  # "ratio" or "count"
    factor: float = 1.0
    breakdown_scheme: str = ""  # vocabulary scheme code for split indicators
    question_code: str = ""  # for answer indicators
    municipal: bool = True  # False: only a network-wide value exists
    decimals: int = 2
    tags: tuple = field(default_factory=tuple)

    @property
    def has_breakdown(self) -> bool:
        return bool(self.breakdown_scheme)


SOURCE_LABELS = {
    "register": _("Register of SSE entities and Idescat population"),
    "answers": _("Validated diagnoses (answers) and Idescat population"),
    "diagnoses": _("Diagnoses and register"),
}

DIRECTION_LABELS = {"higher": _("Higher is better"), "lower": _("Lower is better")}

_DEFS = [
    IndicatorDef(
        code="entities_per_10k",
        name=_("SSE entities per 10,000 inhabitants"),
        unit=_("entities per 10,000 inhabitants"),
        formula=_(
            "Published SSE entities in the territory ÷ population on 1 January of the year × 10,000"
        ),
        source="register",
        factor=10000,
    ),
    IndicatorDef(
        code="entities_total",
        name=_("SSE entities"),
        unit=_("entities"),
        formula=_("Number of published SSE entities in the territory"),
        source="register",
        kind="count",
        decimals=0,
    ),
    IndicatorDef(
        code="entities_by_legal_form",
        name=_("SSE entities by legal form"),
        unit=_("entities"),
        formula=_("Number of published SSE entities of each legal form"),
        source="register",
        kind="count",
        breakdown_scheme=LEGAL_FORMS,
        decimals=0,
    ),
    IndicatorDef(
        code="entities_by_sector",
        name=_("SSE entities by sector"),
        unit=_("entities"),
        formula=_(
            "Number of published SSE entities active in each sector (an entity may count in several)"
        ),
        source="register",
        kind="count",
        breakdown_scheme=SECTORS,
        decimals=0,
    ),
    IndicatorDef(
        code="sse_jobs",
        name=_("SSE jobs"),
        unit=_("jobs"),
        formula=_("Sum of the workers declared by the published SSE entities"),
        source="register",
        kind="count",
        decimals=0,
    ),
    IndicatorDef(
        code="sse_jobs_per_1k",
        name=_("SSE jobs per 1,000 inhabitants"),
        unit=_("jobs per 1,000 inhabitants"),
        formula=_(
            "Sum of the workers of the published SSE entities ÷ population × 1,000"
        ),
        source="register",
        factor=1000,
    ),
    IndicatorDef(
        code="women_jobs_share",
        name=_("Share of SSE jobs held by women"),
        unit="%",
        formula=_(
            "Women workers ÷ workers × 100, over the published entities that declare both figures"
        ),
        source="register",
        factor=100,
        decimals=1,
    ),
    IndicatorDef(
        code="social_balance_share",
        name=_("Share of SSE entities with a social balance"),
        unit="%",
        formula=_(
            "Published entities that did a social balance (that year or before) ÷ published entities × 100"
        ),
        source="register",
        factor=100,
        decimals=1,
    ),
    IndicatorDef(
        code="entities_created",
        name=_("SSE entities created in the year"),
        unit=_("entities"),
        formula=_("Published SSE entities whose year of foundation is the year"),
        source="register",
        kind="count",
        decimals=0,
    ),
    IndicatorDef(
        code="budget_per_inhabitant",
        name=_("Municipal SSE budget per inhabitant"),
        unit=_("€ per inhabitant"),
        formula=_("Answer “SSE budget of the year” (€) ÷ population of the year"),
        source="answers",
        public=False,
        question_code="sse_budget",
    ),
    IndicatorDef(
        code="technicians_per_10k",
        name=_("SSE technicians per 10,000 inhabitants"),
        unit=_("full-time technicians per 10,000 inhabitants"),
        formula=_(
            "Answer “technical staff dedicated to the SSE” (full-time equivalent) ÷ population × 10,000"
        ),
        source="answers",
        public=False,
        factor=10000,
        question_code="sse_staff_fte",
    ),
    IndicatorDef(
        code="social_procurement_per_inhabitant",
        name=_("Public procurement with social clauses per inhabitant"),
        unit=_("€ per inhabitant"),
        formula=_(
            "Answer “amount awarded with social clauses or reserved contracts” (€) ÷ population"
        ),
        source="answers",
        public=False,
        question_code="procurement_social_amount",
    ),
    IndicatorDef(
        code="mapping_coverage",
        name=_("Members that mapped their SSE and made a diagnosis"),
        unit=_("members"),
        formula=_(
            "Active members with a submitted or validated diagnosis of the year whose SSE is mapped "
            "(published entities in the register or answer “SSE mapping done” = yes)"
        ),
        source="diagnoses",
        kind="count",
        municipal=False,
        decimals=0,
    ),
]

INDICATORS: dict[str, IndicatorDef] = {d.code: d for d in _DEFS}


def indicator_get(code: str) -> IndicatorDef | None:
    return INDICATORS.get(code)


def indicator_list(*, public_only: bool = False) -> list[IndicatorDef]:
    return [d for d in _DEFS if d.public or not public_only]


# ---------------------------------------------------------------------------
# Computation
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One computed value before it is stored."""

    indicator: str
    territory_type: str
    territory_code: str
    territory_name: str
    value: float
    numerator: float | None = None
    denominator: float | None = None
    breakdown: str = ""
    municipality_id: int | None = None
    comarca_code: str = ""
    population_year: int | None = None


@dataclass
class Territories:
    """Municipalities with the population used for one year, and their groupings."""

    year: int
    municipalities: dict[int, tuple[str, str, str]]  # id -> (code, name, comarca code)
    population: dict[int, tuple[int, int]]  # id -> (total, year of the figure)
    comarca_names: dict[str, str]
    network_ids: frozenset[int]
    network_name: str


def territories_for_year(year: int) -> Territories:
    """Population of each municipality for `year`: the figure of that year, or
    the latest earlier one when that year is not published yet (its year is
    kept with each value)."""
    from teixit.network.models import Member, Network
    from teixit.territories.models import Comarca, Municipality, Population

    municipalities = {
        pk: (code, name, comarca_code or "")
        for pk, code, name, comarca_code in Municipality.objects.values_list(
            "pk", "code", "name", "comarca__code"
        )
    }
    population: dict[int, tuple[int, int]] = {}
    for municipality_id, pop_year, total in (
        Population.objects.filter(year__lte=year)
        .order_by("year")
        .values_list("municipality_id", "year", "total")
    ):
        population[municipality_id] = (total, pop_year)
    comarca_names = dict(Comarca.objects.values_list("code", "name"))
    network_ids = frozenset(
        Member.objects.active()
        .filter(municipality__isnull=False)
        .values_list("municipality_id", flat=True)
    )
    network = Network.objects.first()
    return Territories(
        year=year,
        municipalities=municipalities,
        population=population,
        comarca_names=comarca_names,
        network_ids=network_ids,
        network_name=network.name if network else str(_("Network")),
    )


def _register_base(year: int) -> list[dict]:
    """Counts and sums per (municipality, legal form) in one pass.

    Grouped by municipality and legal form, the query reads the covering
    index `diagnosis_entity_indicators_idx` (migration 0002) in its order: no
    table access, no sort, and only six aggregates per row instead of one
    conditional count per legal form. About 9 legal forms × 947 municipalities
    rows are summed in Python."""
    from teixit.entities.models import Entity

    return list(
        Entity.objects.filter(status=Entity.Status.PUBLISHED)
        .order_by()
        .values("municipality_id", "legal_form_id")
        .annotate(
            n=Count("*"),
            jobs=Sum("workers_total"),
            jobs_both=Sum("workers_total", filter=Q(workers_women__isnull=False)),
            women_both=Sum("workers_women", filter=Q(workers_total__isnull=False)),
            # NULL <= year is not true: entities without a year are not counted.
            social=Count("municipality_id", filter=Q(social_balance_year__lte=year)),
            created=Count("municipality_id", filter=Q(year_founded=year)),
        )
    )


def _register_sectors(sector_codes: dict[int, str]) -> dict[int, dict[str, int]]:
    """Published entities per (municipality, sector code).

    PostgreSQL groups the entity–sector join by (municipality, sector) with a
    hash aggregate. SQLite only has nested-loop joins and sort-based grouping:
    1.35 million index look-ups plus a sort (or one conditional count per
    sector per row) cost 1.5–2 s of CPU there. So on SQLite there is no join:
    two plain scans each return their two columns as one `group_concat`
    string (the published entities' id and municipality from the
    (status, municipality) index; the links' entity and concept), parsed by
    numpy (declared in pyproject.toml), which joins them through an array
    indexed by entity id and counts the pairs with `bincount` — no Python
    loop over rows."""
    from django.db import connection

    from teixit.entities.models import Entity

    through = Entity.sectors.through
    by_sector: dict[int, dict[str, int]] = defaultdict(dict)
    if not sector_codes:
        return by_sector
    if connection.vendor == "sqlite":
        return _register_sectors_sqlite(sector_codes, by_sector)
    rows = (
        through.objects.filter(entity__status=Entity.Status.PUBLISHED)
        .order_by()
        .values_list("entity__municipality_id", "concept_id")
        .annotate(n=Count("*"))
    )
    for municipality_id, concept_id, count in rows:
        if concept_id in sector_codes:
            by_sector[municipality_id][sector_codes[concept_id]] = count
    return by_sector


def _register_sectors_sqlite(sector_codes, by_sector):
    import numpy as np
    from django.db import connection

    from teixit.entities.models import Entity

    qn = connection.ops.quote_name
    entity_table = qn(Entity._meta.db_table)
    through_table = qn(Entity.sectors.through._meta.db_table)

    def columns(sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [
                np.fromstring(text, dtype=np.int64, sep=",")
                if text
                else np.zeros(0, dtype=np.int64)
                for text in cursor.fetchone()
            ]

    entity_ids, municipality_ids = columns(
        f"SELECT group_concat({qn('id')}), group_concat({qn('municipality_id')}) "
        f"FROM {entity_table} WHERE {qn('status')} = %s",
        [Entity.Status.PUBLISHED],
    )
    link_entities, link_concepts = columns(
        f"SELECT group_concat({qn('entity_id')}), group_concat({qn('concept_id')}) "
        f"FROM {through_table}"
    )
    if not len(entity_ids) or not len(link_entities):
        return by_sector
    # The municipality and the sector of each link (0: unpublished entity, or
    # a concept outside the sector scheme), through arrays indexed by primary
    # key; the pairs are counted as municipality × width + sector.
    owner = np.zeros(int(max(entity_ids.max(), link_entities.max())) + 1, np.int64)
    owner[entity_ids] = municipality_ids
    sector_pks = np.array(sorted(sector_codes), dtype=np.int64)
    sector_of = np.zeros(int(max(sector_pks.max(), link_concepts.max())) + 1, np.int64)
    sector_of[sector_pks] = np.arange(1, len(sector_pks) + 1)
    link_municipality = owner[link_entities]
    link_sector = sector_of[link_concepts]
    keep = (link_municipality > 0) & (link_sector > 0)
    width = len(sector_pks) + 1
    counts = np.bincount(
        link_municipality[keep] * width + link_sector[keep],
        minlength=(int(municipality_ids.max()) + 1) * width,
    ).reshape(-1, width)
    for municipality_id, s_index in zip(*np.nonzero(counts), strict=True):
        by_sector[int(municipality_id)][sector_codes[int(sector_pks[s_index - 1])]] = (
            int(counts[municipality_id, s_index])
        )
    return by_sector


def _register_facts(year: int) -> tuple[dict, dict, dict]:
    """Per municipality facts from the register (see `_register_base`,
    `_register_sectors`).

    The two queries run one after the other on the request's connection. Run
    in two threads (each on its own, new connection) they were slower on the
    bench machine under load (2.0–3.3 s against 1.3 s; see
    `bench/bench_indicators.py`, which measures both in each run), and a
    transaction's uncommitted rows would not be seen by other connections."""
    from teixit.vocabulary.models import Concept

    forms = dict(
        Concept.objects.filter(scheme__code=LEGAL_FORMS).values_list("pk", "code")
    )
    sectors = dict(
        Concept.objects.filter(scheme__code=SECTORS).values_list("pk", "code")
    )
    base_rows = _register_base(year)
    by_sector = _register_sectors(sectors)
    base: dict[int, dict] = {}
    by_form: dict[int, dict[str, int]] = defaultdict(dict)
    keys = ("n", "jobs", "jobs_both", "women_both", "social", "created")
    for row in base_rows:
        municipality_id = row["municipality_id"]
        facts = base.get(municipality_id)
        if facts is None:
            base[municipality_id] = {k: row[k] for k in keys}
        else:
            for k in keys:
                if row[k] is not None:
                    facts[k] = (facts[k] or 0) + row[k]
        code = forms.get(row["legal_form_id"])
        if code is not None and row["n"]:
            by_form[municipality_id][code] = row["n"]
    return base, by_form, by_sector


class _Acc:
    """Accumulates numerators and denominators per (indicator, breakdown, territory)."""

    def __init__(self, terr: Territories):
        self.terr = terr
        self.rows: list[Row] = []
        self.groups: dict[tuple, list[float]] = {}
        # Per municipality: code, name, comarca, year of the population figure
        # and the groups it adds to (its comarca, the network) — looked up once.
        self._places: dict[int, tuple] = {}

    def _place(self, municipality_id: int) -> tuple:
        place = self._places.get(municipality_id)
        if place is None:
            code, name, comarca = self.terr.municipalities[municipality_id]
            pop_year = self.terr.population.get(municipality_id, (None, None))[1]
            keys = []
            if comarca:
                keys.append(("comarca", comarca))
            if municipality_id in self.terr.network_ids:
                keys.append(("network", "network"))
            place = self._places[municipality_id] = (
                code,
                name,
                comarca,
                pop_year,
                tuple(keys),
            )
        return place

    def add(
        self,
        defn: IndicatorDef,
        municipality_id: int,
        num: float,
        den: float | None = None,
        breakdown: str = "",
    ):
        if defn.kind == "ratio":
            if not den:
                return
            value = num / den * defn.factor
        else:
            value = num
        code, name, comarca, pop_year, keys = self._place(municipality_id)
        self.rows.append(
            Row(
                defn.code,
                "municipality",
                code,
                name,
                round(value, 6),
                num,
                den,
                breakdown,
                municipality_id,
                comarca,
                pop_year,
            )
        )
        groups = self.groups
        for ttype, tcode in keys:
            key = (defn.code, breakdown, ttype, tcode)
            acc = groups.get(key)
            if acc is None:
                groups[key] = [0.0 + num, 0.0 + (den or 0.0)]
            else:
                acc[0] += num
                acc[1] += den or 0.0

    def finish(self) -> list[Row]:
        for (indicator, breakdown, ttype, tcode), (num, den) in self.groups.items():
            defn = INDICATORS[indicator]
            if defn.kind == "ratio":
                if not den:
                    continue
                value = num / den * defn.factor
            else:
                value = num
            name = (
                self.terr.comarca_names.get(tcode, tcode)
                if ttype == "comarca"
                else self.terr.network_name
            )
            self.rows.append(
                Row(
                    indicator=indicator,
                    territory_type=ttype,
                    territory_code=tcode,
                    territory_name=name,
                    value=round(value, 6),
                    numerator=num,
                    denominator=den if defn.kind == "ratio" else None,
                    breakdown=breakdown,
                    comarca_code=tcode if ttype == "comarca" else "",
                )
            )
        return self.rows


def compute_register(year: int, terr: Territories | None = None) -> list[Row]:
    """All register indicators of every municipality, comarca and the network."""
    terr = terr or territories_for_year(year)
    base, by_form, by_sector = _register_facts(year)
    acc = _Acc(terr)
    d = INDICATORS
    for municipality_id, (pop, _pop_year) in terr.population.items():
        if municipality_id not in terr.municipalities:
            continue
        facts = base.get(municipality_id)
        n = facts["n"] if facts else 0
        jobs = (facts["jobs"] or 0) if facts else 0
        acc.add(d["entities_total"], municipality_id, n)
        acc.add(d["entities_per_10k"], municipality_id, n, pop)
        acc.add(d["sse_jobs"], municipality_id, jobs)
        acc.add(d["sse_jobs_per_1k"], municipality_id, jobs, pop)
        acc.add(
            d["entities_created"], municipality_id, facts["created"] if facts else 0
        )
        if facts:
            acc.add(d["social_balance_share"], municipality_id, facts["social"], n)
            if facts["jobs_both"]:
                acc.add(
                    d["women_jobs_share"],
                    municipality_id,
                    facts["women_both"] or 0,
                    facts["jobs_both"],
                )
    for defn, split in (
        (d["entities_by_legal_form"], by_form),
        (d["entities_by_sector"], by_sector),
    ):
        for municipality_id, counts in split.items():
            if (
                municipality_id not in terr.population
                or municipality_id not in terr.municipalities
            ):
                continue
            for code, count in counts.items():
                acc.add(defn, municipality_id, count, breakdown=code)
    return acc.finish()


def compute_answers(year: int, terr: Territories | None = None) -> list[Row]:
    """Indicators taken from the answers of the validated diagnoses of `year`.

    Private diagnoses feed no value (their answers are seen only by their member
    and the secretariat)."""
    from .models import Answer, Diagnosis

    terr = terr or territories_for_year(year)
    answer_defs = [d for d in _DEFS if d.source == "answers"]
    rows = (
        Answer.objects.filter(
            diagnosis__year=year,
            diagnosis__status=Diagnosis.Status.VALIDATED,
            diagnosis__member__municipality__isnull=False,
            question__code__in=[d.question_code for d in answer_defs],
            value_number__isnull=False,
        )
        .exclude(diagnosis__visibility=Diagnosis.Visibility.PRIVATE)
        .values_list(
            "diagnosis__member__municipality_id", "question__code", "value_number"
        )
    )
    by_question = {d.question_code: d for d in answer_defs}
    acc = _Acc(terr)
    for municipality_id, question_code, number in rows:
        pop = terr.population.get(municipality_id, (None, None))[0]
        if pop and municipality_id in terr.municipalities:
            acc.add(by_question[question_code], municipality_id, float(number), pop)
    return acc.finish()


def compute_coverage(year: int, terr: Territories | None = None) -> list[Row]:
    terr = terr or territories_for_year(year)
    value = mapping_coverage(year=year)
    return [
        Row(
            indicator="mapping_coverage",
            territory_type="network",
            territory_code="network",
            territory_name=terr.network_name,
            value=float(value),
        )
    ]


def mapping_coverage_detail(*, year: int) -> dict:
    """How many active members mapped their SSE and made a diagnosis in `year`."""
    return mapping_coverage_years([year])[0]


def mapping_coverage_years(years: Iterable[int]) -> list[dict]:
    """`mapping_coverage_detail` for several years in four queries whatever
    their number (the diagnosis index shows six): a member has mapped its SSE
    when the register has a published entity in its municipality
    (`entities.selectors.municipalities_with_published_entities`: one indexed
    look-up per municipality, kept for the register's stamp, so a view reads
    the stamp instead of probing every member) or when a diagnosis of the
    year answers `sse_mapping_done` = 1."""
    from teixit.entities.selectors import municipalities_with_published_entities
    from teixit.network.models import Member

    from .models import Answer, Diagnosis

    years = list(years)
    # order_by(): the models' orderings would sort (the members by name) and
    # join (a diagnosis is ordered by its member's name) for sets.
    active = list(
        Member.objects.active().order_by().values_list("pk", "municipality_id")
    )
    registered = municipalities_with_published_entities(
        municipality_id for _pk, municipality_id in active
    )
    member_ids = {pk for pk, _m in active}
    in_register = {
        pk for pk, municipality_id in active if municipality_id in registered
    }
    diagnosed: dict[int, set] = {y: set() for y in years}
    for y, member_id in (
        Diagnosis.objects.filter(
            year__in=years,
            status__in=[Diagnosis.Status.SUBMITTED, Diagnosis.Status.VALIDATED],
        )
        .order_by()
        .values_list("year", "member_id")
    ):
        diagnosed[y].add(member_id)
    by_answer: dict[int, set] = {y: set() for y in years}
    for y, member_id in Answer.objects.filter(
        diagnosis__year__in=years,
        question__code="sse_mapping_done",
        value_number=Decimal(1),
    ).values_list("diagnosis__year", "diagnosis__member_id"):
        by_answer[y].add(member_id)
    out = []
    for y in years:
        mapped = (in_register | by_answer[y]) & member_ids
        done = diagnosed[y] & member_ids
        out.append(
            {
                "year": y,
                "members": len(member_ids),
                "diagnosed": len(done),
                "mapped": len(mapped),
                "both": len(done & mapped),
            }
        )
    return out


def mapping_coverage(*, year: int) -> int:
    """The work plan's indicator source "diagnosis.mapping_coverage"."""
    return mapping_coverage_detail(year=year)["both"]


def mapping_coverage_by_year(*, years) -> dict[int, int]:
    """`mapping_coverage` for several years in the four queries of
    `mapping_coverage_years`."""
    years = list(dict.fromkeys(years))
    return {
        year: detail["both"]
        for year, detail in zip(years, mapping_coverage_years(years), strict=True)
    }


def compute_all(
    year: int, *, sources: Iterable[str] = ("register", "answers", "diagnoses")
) -> list[Row]:
    terr = territories_for_year(year)
    rows: list[Row] = []
    if "register" in sources:
        rows += compute_register(year, terr)
    if "answers" in sources:
        rows += compute_answers(year, terr)
    if "diagnoses" in sources:
        rows += compute_coverage(year, terr)
    return rows


# ---------------------------------------------------------------------------
# Statistics over municipalities
# ---------------------------------------------------------------------------


def quantile(sorted_values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, Excel's QUARTILE.INC)."""
    if not sorted_values:
        return None
    pos = (len(sorted_values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def distribution(values: Iterable[float]) -> dict | None:
    data = sorted(values)
    if not data:
        return None
    return {
        "count": len(data),
        "min": data[0],
        "q1": quantile(data, 0.25),
        "median": quantile(data, 0.5),
        "q3": quantile(data, 0.75),
        "max": data[-1],
    }
