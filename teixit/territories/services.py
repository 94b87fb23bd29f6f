"""Writes of reference territories: the import of provinces, comarques,
municipalities and their population from the files published by ICGC, Idescat
and CNIG.

Rules owned here:
- the files are read as published (BOM, preambles, `;`, Latin-1, decimal commas);
- an import is all-or-nothing: every problem found in the files is reported
  (file, line or feature) and nothing is written unless all are valid;
- municipalities are matched by code, then by INE code, so re-running updates
  rows in place, including minimal rows created earlier by other apps;
- boundaries are simplified for web maps and the centroid is computed from them;
- the outlines of comarques and provinces are the union of their municipalities'
  boundaries (as published, before simplification), simplified more coarsely;
- the shipped reference copy (`teixit/territories/data/`, see `reference.py`) is
  what these readers make of the published files, written by the same code.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from .models import CATALAN_PROVINCES, Comarca, Municipality, Population, Province
from .text import name_key

# Tolerance in degrees (about 50 m) and decimals kept: the 947 boundaries of
# Catalonia stay around 1 MB, enough for maps at municipality scale.
SIMPLIFY_TOLERANCE = 0.0005
COORDINATE_DECIMALS = 5
# Comarques and provinces are drawn at smaller scales: about 100 m and 200 m.
OUTLINE_TOLERANCE = {"comarca": 0.001, "province": 0.002}
MAX_ERRORS_SHOWN = 20
CNIG_DEFAULT_YEAR = 2023
BATCH_SIZE = 500

# INE's control digit of a 5-digit municipality code: the three weight rows
# applied to the digits in this order (the rule INE publishes with its codes).
_DC_ROWS = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (0, 3, 8, 2, 7, 4, 1, 5, 9, 6),
    (0, 2, 4, 6, 8, 1, 3, 5, 7, 9),
)
_DC_ORDER = (2, 1, 0, 2, 1)


def ine_control_digit(ine_code: str) -> str:
    """The check digit that IDESCAT and INE append to a 5-digit INE code."""
    total = sum(
        _DC_ROWS[row][int(digit)]
        for row, digit in zip(_DC_ORDER, ine_code, strict=True)
    )
    return str((10 - total % 10) % 10)


class TerritoryFileError(ValidationError):
    """A file that cannot be imported; `messages` lists each problem found."""


@dataclass
class ImportResult:
    provinces: int = 0
    comarques: int = 0
    municipalities_created: int = 0
    municipalities_updated: int = 0
    populations: int = 0
    years: list[int] = field(default_factory=list)
    totals: dict[int, int] = field(default_factory=dict)


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: Path, where: str, message: str) -> None:
        self.items.append(f"{path.name}, {where}: {message}")

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:MAX_ERRORS_SHOWN]
        if len(self.items) > MAX_ERRORS_SHOWN:
            shown.append(
                _("… and %(count)s more problems.")
                % {"count": len(self.items) - MAX_ERRORS_SHOWN}
            )
        raise TerritoryFileError(shown, code="invalid_file")


def _fail(path: Path, message: str) -> None:
    raise TerritoryFileError(f"{path.name}: {message}", code="invalid_file")


def _read_text(path: Path, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    if not path.exists():
        _fail(path, _("the file does not exist (%(path)s).") % {"path": path})
    if not path.is_file():
        _fail(path, _("this is not a file."))
    data = path.read_bytes()
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    _fail(
        path,
        _("the file is not in the expected text encoding (%(enc)s).")
        % {"enc": encodings[0]},
    )
    return ""  # pragma: no cover


def _round(value):
    if isinstance(value, (list, tuple)):
        return [_round(item) for item in value]
    return round(value, COORDINATE_DECIMALS)


# Reading -----------------------------------------------------------------------


@dataclass
class MunicipalityFeature:
    code: str
    name: str
    comarca_code: str
    comarca_name: str
    province_code: str
    province_name: str
    area_km2: Decimal | None
    latitude: float
    longitude: float
    boundary: dict
    # The geometry as published (valid), for the outlines of comarques and
    # provinces; not part of what is stored or compared.
    geometry: object = field(default=None, repr=False, compare=False)


def read_icgc_geojson(path: Path) -> list[MunicipalityFeature]:
    """Read the ICGC municipalities GeoJSON (CODIMUNI, NOMMUNI, CODICOMAR, …)."""
    from shapely.geometry import MultiPolygon, mapping, shape

    path = Path(path)
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(
            path,
            _("broken JSON at line %(line)s, column %(column)s: %(msg)s")
            % {"line": exc.lineno, "column": exc.colno, "msg": exc.msg},
        )
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        _fail(path, _("a GeoJSON FeatureCollection was expected."))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        _fail(path, _("the collection has no features."))

    errors = _Errors()
    result: list[MunicipalityFeature] = []
    seen: dict[str, int] = {}
    required = ("CODIMUNI", "NOMMUNI", "CODICOMAR", "NOMCOMAR", "CODIPROV", "NOMPROV")
    for index, feature in enumerate(features, start=1):
        where = _("feature %(n)s") % {"n": index}
        props = (feature or {}).get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            errors.add(path, where, _("no properties."))
            continue
        missing = [key for key in required if not str(props.get(key) or "").strip()]
        if missing:
            errors.add(
                path,
                where,
                _("missing properties: %(keys)s.") % {"keys": ", ".join(missing)},
            )
            continue
        code = str(props["CODIMUNI"]).strip()
        where = _("feature %(n)s (%(code)s %(name)s)") % {
            "n": index,
            "code": code,
            "name": props["NOMMUNI"],
        }
        if not re.fullmatch(r"\d{6}", code):
            errors.add(path, where, _("CODIMUNI must have 6 digits."))
            continue
        if code in seen:
            errors.add(
                path,
                where,
                _("duplicate code, already in feature %(n)s.") % {"n": seen[code]},
            )
            continue
        seen[code] = index
        area = props.get("AREAM5000")
        try:
            area_km2 = (
                Decimal(str(area)).quantize(Decimal("0.001"))
                if area not in (None, "")
                else None
            )
        except InvalidOperation:
            errors.add(path, where, _("AREAM5000 is not a number."))
            continue
        try:
            geometry = shape(feature["geometry"])
        except Exception:  # shapely raises several kinds for bad input
            errors.add(path, where, _("the geometry is missing or not valid GeoJSON."))
            continue
        if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            errors.add(
                path, where, _("a Polygon or MultiPolygon geometry was expected.")
            )
            continue
        simplified = geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
        if simplified.is_empty:
            simplified = geometry
        if simplified.geom_type == "Polygon":
            # One geometry type for every boundary, as published.
            simplified = MultiPolygon([simplified])
        point = geometry.centroid
        if not geometry.contains(point):
            point = geometry.representative_point()
        boundary = mapping(simplified)
        boundary = {
            "type": boundary["type"],
            "coordinates": _round(boundary["coordinates"]),
        }
        result.append(
            MunicipalityFeature(
                code=code,
                name=str(props["NOMMUNI"]).strip(),
                comarca_code=str(props["CODICOMAR"]).strip().zfill(2),
                comarca_name=str(props["NOMCOMAR"]).strip(),
                province_code=str(props["CODIPROV"]).strip().zfill(2),
                province_name=str(props["NOMPROV"]).strip(),
                area_km2=area_km2,
                latitude=round(point.y, 6),
                longitude=round(point.x, 6),
                boundary=boundary,
                geometry=geometry,
            )
        )
    errors.raise_if_any()
    return result


def _web_geometry(geometry, tolerance: float) -> dict:
    """A MultiPolygon GeoJSON geometry simplified and rounded for web maps."""
    from shapely.geometry import MultiPolygon, mapping

    simplified = geometry.simplify(tolerance, preserve_topology=True)
    if simplified.is_empty:
        simplified = geometry
    if simplified.geom_type == "GeometryCollection":
        simplified = MultiPolygon(
            [
                polygon
                for part in simplified.geoms
                for polygon in getattr(part, "geoms", [part])
                if polygon.geom_type == "Polygon"
            ]
        )
    if simplified.geom_type == "Polygon":
        simplified = MultiPolygon([simplified])
    return {
        "type": "MultiPolygon",
        "coordinates": _round(mapping(simplified)["coordinates"]),
    }


def territory_outlines(
    features: list[MunicipalityFeature], comarca_of: dict[str, str] | None = None
) -> tuple[dict[str, dict], dict[str, dict]]:
    """The outlines of the comarques and provinces of `features`: the union of
    their municipalities' geometries, simplified for web maps. `comarca_of`
    ({municipality code: comarca code}) overrides the features' comarca.
    Returns ({comarca code: geometry}, {province code: geometry})."""
    import shapely
    import shapely.errors
    from shapely.ops import unary_union

    by_comarca: dict[str, list] = defaultdict(list)
    by_province: dict[str, list] = defaultdict(list)
    for feature in features:
        if feature.geometry is None:
            continue
        # Published boundaries are not always valid polygons; the union needs them to be.
        geometry = shapely.make_valid(feature.geometry)
        comarca = (comarca_of or {}).get(feature.code, feature.comarca_code)
        by_comarca[comarca].append(geometry)
        by_province[feature.province_code].append(geometry)

    def outline(parts: list, level: str, code: str) -> dict:
        try:
            return _web_geometry(unary_union(parts), OUTLINE_TOLERANCE[level])
        except shapely.errors.GEOSException as exc:
            message = (
                _("The outline of the comarca %(code)s cannot be made: %(error)s")
                if level == "comarca"
                else _("The outline of the province %(code)s cannot be made: %(error)s")
            )
            raise TerritoryFileError(
                message % {"code": code, "error": exc}, code="invalid_geometry"
            ) from None

    comarques = {
        code: outline(parts, "comarca", code)
        for code, parts in sorted(by_comarca.items())
    }
    provinces = {
        code: outline(parts, "province", code)
        for code, parts in sorted(by_province.items())
    }
    return comarques, provinces


@dataclass
class PopulationRow:
    year: int
    code: str
    total: int
    men: int | None
    women: int | None
    line: int
    name: str = ""  # the name the file gives (a former name in old years)


def read_idescat_population(path: Path) -> list[PopulationRow]:
    """Read Idescat's population by municipality, sex and age band:
    `Any,Codi,Literal` then count columns named `Homes. …`, `Dones. …`, `Total. …`."""
    path = Path(path)
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        _fail(path, _("the file is empty."))
    header = [col.strip() for col in header]
    missing = [col for col in ("Any", "Codi") if col not in header]
    totals = [i for i, col in enumerate(header) if col.startswith("Total")]
    men = [i for i, col in enumerate(header) if col.startswith("Homes")]
    women = [i for i, col in enumerate(header) if col.startswith("Dones")]
    if missing or not (totals or (men and women)):
        _fail(
            path,
            _(
                "line 1: unexpected columns. Expected Any, Codi and count columns "
                "named 'Homes. …', 'Dones. …' and 'Total. …'; found: %(found)s."
            )
            % {"found": ", ".join(header)},
        )
    i_year, i_code = header.index("Any"), header.index("Codi")
    i_name = header.index("Literal") if "Literal" in header else None
    errors = _Errors()
    rows: list[PopulationRow] = []
    seen: dict[tuple[int, str], int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = _("line %(n)s") % {"n": line}
        if len(row) < len(header):
            errors.add(path, where, _("%(found)s columns instead of %(expected)s.") % {
                "found": len(row), "expected": len(header)})  # fmt: skip
            continue
        year, code = row[i_year].strip(), row[i_code].strip()
        if not re.fullmatch(r"\d{4}", year):
            errors.add(
                path, where, _("the year '%(value)s' is not valid.") % {"value": year}
            )
            continue
        if not re.fullmatch(r"\d{6}", code):
            errors.add(
                path,
                where,
                _("the code '%(value)s' must have 6 digits.") % {"value": code},
            )
            continue
        try:
            men_n = sum(int(row[i]) for i in men) if men else None
            women_n = sum(int(row[i]) for i in women) if women else None
            total = sum(int(row[i]) for i in totals) if totals else men_n + women_n
        except ValueError:
            errors.add(path, where, _("the counts must be whole numbers."))
            continue
        if men_n is not None and women_n is not None and men_n + women_n != total:
            errors.add(path, where, _("men and women (%(sum)s) do not add up to the total (%(total)s).") % {
                "sum": men_n + women_n, "total": total})  # fmt: skip
            continue
        key = (int(year), code)
        if key in seen:
            errors.add(path, where, _("duplicate row for %(code)s in %(year)s (line %(first)s).") % {
                "code": code, "year": year, "first": seen[key]})  # fmt: skip
            continue
        seen[key] = line
        name = row[i_name].strip() if i_name is not None else ""
        rows.append(
            PopulationRow(int(year), code, total, men_n, women_n, line, name=name)
        )
    if not rows and not errors.items:
        _fail(path, _("the file has no data rows."))
    errors.raise_if_any()
    return rows


def read_idescat_comarques(path: Path) -> dict[str, tuple[str, str]]:
    """Read Idescat's municipality → comarca list (BOM, preamble, `;`):
    returns {municipality code: (comarca code, comarca name)}."""
    path = Path(path)
    lines = _read_text(path).splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.split(";")[:2] == ["Codi", "Nom"]),
        None,
    )
    if start is None:
        _fail(path, _("no header line 'Codi;Nom;Codi comarca;Nom comarca' was found."))
    header = [col.strip() for col in lines[start].split(";")]
    if header[:4] != ["Codi", "Nom", "Codi comarca", "Nom comarca"]:
        _fail(
            path,
            _("line %(n)s: unexpected columns %(found)s.")
            % {"n": start + 1, "found": ", ".join(header)},
        )
    errors = _Errors()
    result: dict[str, tuple[str, str]] = {}
    for line, row in enumerate(
        csv.reader(lines[start + 1 :], delimiter=";"), start=start + 2
    ):
        if not any(cell.strip() for cell in row):
            continue
        where = _("line %(n)s") % {"n": line}
        if (
            len(row) < 4
            or not re.fullmatch(r"\d{6}", row[0].strip())
            or not row[2].strip().isdigit()
        ):
            errors.add(
                path,
                where,
                _("a 6-digit code, a name and a comarca code were expected."),
            )
            continue
        code = row[0].strip()
        if code in result:
            errors.add(path, where, _("duplicate code %(code)s.") % {"code": code})
            continue
        result[code] = (row[2].strip().zfill(2), row[3].strip())
    errors.raise_if_any()
    return result


@dataclass
class CnigRow:
    ine_code: str
    code: str
    name: str
    province_code: str
    province_name: str
    population: int
    area_km2: Decimal
    latitude: float
    longitude: float


def _decimal(value: str) -> Decimal:
    return Decimal(
        value.strip().replace(".", "").replace(",", ".")
        if "," in value
        else value.strip()
    )


def read_cnig(path: Path) -> list[CnigRow]:
    """Read CNIG's Nomenclátor Geográfico de Municipios (Latin-1, `;`, CRLF,
    decimal commas, COD_INE of 11 digits, SUPERFICIE in hectares). The file
    is in fact Windows-1252 ("Castell d’Aro" has a typographic apostrophe,
    byte 0x92, which Latin-1 reads as an invisible control character)."""
    path = Path(path)
    text = _read_text(path, encodings=("utf-8-sig", "cp1252", "latin-1"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = [col.strip() for col in next(reader, [])]
    needed = ("COD_INE", "COD_PROV", "PROVINCIA", "NOMBRE_ACTUAL", "POBLACION_MUNI", "SUPERFICIE",
              "LONGITUD_ETRS89", "LATITUD_ETRS89")  # fmt: skip
    missing = [col for col in needed if col not in header]
    if missing:
        _fail(
            path, _("line 1: missing columns %(cols)s.") % {"cols": ", ".join(missing)}
        )
    idx = {col: header.index(col) for col in needed}
    errors = _Errors()
    rows: list[CnigRow] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = _("line %(n)s") % {"n": line}
        if len(row) < len(header):
            errors.add(path, where, _("%(found)s columns instead of %(expected)s.") % {
                "found": len(row), "expected": len(header)})  # fmt: skip
            continue
        cod_ine = row[idx["COD_INE"]].strip()
        if not re.fullmatch(r"\d{11}|\d{5}", cod_ine):
            errors.add(
                path,
                where,
                _("COD_INE '%(value)s' must have 11 (or 5) digits.")
                % {"value": cod_ine},
            )
            continue
        ine = cod_ine[:5]
        if ine in seen:
            errors.add(path, where, _("duplicate INE code %(code)s (line %(first)s).") % {
                "code": ine, "first": seen[ine]})  # fmt: skip
            continue
        seen[ine] = line
        try:
            population = int(row[idx["POBLACION_MUNI"]].strip() or 0)
            area = (_decimal(row[idx["SUPERFICIE"]]) / 100).quantize(Decimal("0.001"))
            longitude = float(_decimal(row[idx["LONGITUD_ETRS89"]]))
            latitude = float(_decimal(row[idx["LATITUD_ETRS89"]]))
        except (ValueError, InvalidOperation):
            errors.add(
                path, where, _("population, area or coordinates are not numbers.")
            )
            continue
        rows.append(
            CnigRow(
                ine_code=ine,
                code=ine + ine_control_digit(ine),
                name=row[idx["NOMBRE_ACTUAL"]].strip(),
                province_code=row[idx["COD_PROV"]].strip().zfill(2),
                province_name=row[idx["PROVINCIA"]].strip(),
                population=population,
                area_km2=area,
                latitude=round(latitude, 6),
                longitude=round(longitude, 6),
            )
        )
    if not rows and not errors.items:
        _fail(path, _("the file has no data rows."))
    errors.raise_if_any()
    return rows


# Writing -----------------------------------------------------------------------


def _differs(obj, name: str, value) -> bool:
    """Whether a field (a foreign key compared by id) would change."""
    if isinstance(value, (Province, Comarca)) or (
        value is None and name in ("comarca", "province")
    ):
        return getattr(obj, f"{name}_id") != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def _upsert_simple(model, wanted: dict[str, dict]) -> dict[str, object]:
    """Create or update rows keyed by `code` with the given field values."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=wanted)}
    to_create, to_update, fields = [], [], set()
    for code, values in wanted.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **values))
            continue
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=BATCH_SIZE)
    return {obj.code: obj for obj in model.objects.filter(code__in=wanted)}


def _insert_rows(model, names: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows (values in the order of the fields `names`) in one
    executemany: the 10,000 population figures without building model instances."""
    if not rows:
        return
    ops = connection.ops
    columns = ", ".join(ops.quote_name(model._meta.get_field(n).column) for n in names)
    table = ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE * 4):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE * 4])


def _with_outline(values: dict, outline: dict | None) -> dict:
    return {**values, "boundary": outline} if outline is not None else values


@transaction.atomic
def territories_import(
    *,
    geojson: Path | None = None,
    population: Path | None = None,
    comarques: Path | None = None,
    cnig: Path | None = None,
    cnig_year: int = CNIG_DEFAULT_YEAR,
) -> ImportResult:
    """Import territories from the published files, all or nothing.

    `geojson` (ICGC) and `population` (Idescat) load Catalonia; `comarques`
    (Idescat) overrides the comarca of the municipalities it lists; `cnig`
    loads the municipalities of Spain with their population of `cnig_year`.
    Every file is read and checked before anything is written.
    """
    if (geojson is None) != (population is None):
        raise ValidationError(
            _("The GeoJSON boundaries and the population file go together: give both."),
            code="missing_file",
        )
    if geojson is None and cnig is None:
        raise ValidationError(
            _("Nothing to import: give the Catalan files, the CNIG list or both."),
            code="missing_file",
        )

    data = territory_data_read(
        geojson=geojson,
        population=population,
        comarques=comarques,
        cnig=cnig,
        cnig_year=cnig_year,
    )
    pop_rows = data.populations
    # Cross-file checks, before any write.
    errors = _Errors()
    feature_codes = {f.code for f in data.features}
    known_codes = feature_codes | {row.code for row in data.cnig}
    if pop_rows:
        known_codes |= set(
            Municipality.objects.filter(boundary__isnull=False).values_list(
                "code", flat=True
            )
        )
        for row in pop_rows:
            if row.code not in known_codes:
                errors.add(
                    Path(population),
                    _("line %(n)s") % {"n": row.line},
                    _("the municipality %(code)s is not in the territories.")
                    % {"code": row.code},
                )
    for code in data.comarca_of:
        if code not in feature_codes:
            errors.add(
                Path(comarques), code, _("the municipality is not in the GeoJSON file.")
            )
    errors.raise_if_any()
    return territory_data_write(data=data)


@dataclass
class TerritoryData:
    """What the readers make of the published files, ready to be written: by
    `territories_import` from the originals, by `territories_load_reference`
    from the copy shipped in `teixit/territories/data/`."""

    features: list[MunicipalityFeature] = field(default_factory=list)
    populations: list[PopulationRow] = field(default_factory=list)
    comarca_of: dict[str, tuple[str, str]] = field(default_factory=dict)
    cnig: list[CnigRow] = field(default_factory=list)
    cnig_year: int = CNIG_DEFAULT_YEAR
    comarca_outlines: dict[str, dict] = field(default_factory=dict)
    province_outlines: dict[str, dict] = field(default_factory=dict)


def territory_data_read(
    *,
    geojson: Path | None = None,
    population: Path | None = None,
    comarques: Path | None = None,
    cnig: Path | None = None,
    cnig_year: int = CNIG_DEFAULT_YEAR,
) -> TerritoryData:
    """Read and check each published file given (no cross-file checks)."""
    features = read_icgc_geojson(geojson) if geojson else []
    comarca_of = read_idescat_comarques(comarques) if comarques else {}
    comarca_outlines, province_outlines = territory_outlines(
        features, {code: comarca for code, (comarca, _name) in comarca_of.items()}
    )
    return TerritoryData(
        features=features,
        populations=read_idescat_population(population) if population else [],
        comarca_of=comarca_of,
        cnig=read_cnig(cnig) if cnig else [],
        cnig_year=cnig_year,
        comarca_outlines=comarca_outlines,
        province_outlines=province_outlines,
    )


def territory_data_write(*, data: TerritoryData) -> ImportResult:
    """Write checked territory data: create or update in place, never delete."""
    features, pop_rows, cnig_rows = data.features, data.populations, data.cnig
    comarca_of, cnig_year = data.comarca_of, data.cnig_year
    feature_codes = {f.code for f in features}
    known_codes = feature_codes | {row.code for row in cnig_rows}
    if pop_rows:
        known_codes |= set(
            Municipality.objects.filter(boundary__isnull=False).values_list(
                "code", flat=True
            )
        )
    result = ImportResult()

    # Provinces: the GeoJSON names win for Catalonia.
    province_names: dict[str, str] = {
        row.province_code: row.province_name for row in cnig_rows
    }
    province_names.update({f.province_code: f.province_name for f in features})
    # An outline is written only where these files give one (a CNIG-only import
    # keeps the outlines loaded before).
    provinces = _upsert_simple(
        Province,
        {
            code: _with_outline({"name": name}, data.province_outlines.get(code))
            for code, name in province_names.items()
        },
    )
    result.provinces = len(provinces)

    # Comarques: name from the files, province of most of its municipalities.
    comarca_names: dict[str, str] = {f.comarca_code: f.comarca_name for f in features}
    comarca_names.update({code: name for code, name in comarca_of.values()})
    assignment = {
        f.code: comarca_of.get(f.code, (f.comarca_code, f.comarca_name))[0]
        for f in features
    }
    votes: dict[str, Counter] = defaultdict(Counter)
    for f in features:
        votes[assignment[f.code]][f.province_code] += 1
    comarques_by_code = _upsert_simple(
        Comarca,
        {
            code: _with_outline(
                {
                    "name": name,
                    "province": provinces[votes[code].most_common(1)[0][0]]
                    if votes[code]
                    else None,
                },
                data.comarca_outlines.get(code),
            )
            for code, name in comarca_names.items()
        },
    )
    result.comarques = len(comarques_by_code)

    # Municipalities: match by code, then by INE code.
    by_code = {m.code: m for m in Municipality.objects.all()}
    by_ine = {m.ine_code: m for m in by_code.values() if m.ine_code}
    to_create: list[Municipality] = []
    to_update: dict[str, Municipality] = {}
    update_fields: set[str] = set()

    def apply(obj: Municipality, values: dict) -> None:
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            update_fields.update(changed)
            to_update[obj.code] = obj

    for f in features:
        values = {
            "ine_code": f.code[:5],
            "name": f.name,
            "search_name": name_key(f.name),
            "comarca": comarques_by_code[assignment[f.code]],
            "province": provinces[f.province_code],
            "area_km2": f.area_km2,
            "latitude": f.latitude,
            "longitude": f.longitude,
            "boundary": f.boundary,
        }
        obj = by_code.get(f.code) or by_ine.get(f.code[:5])
        if obj is None:
            obj = Municipality(code=f.code, **values)
            to_create.append(obj)
        else:
            if obj.code != f.code:
                values["code"] = f.code
            apply(obj, values)
        by_code[f.code] = by_ine[f.code[:5]] = obj
    for row in cnig_rows:
        obj = by_code.get(row.code) or by_ine.get(row.ine_code)
        values = {
            "ine_code": row.ine_code,
            "name": row.name,
            "search_name": name_key(row.name),
            "province": provinces[row.province_code],
            "area_km2": row.area_km2,
            "latitude": row.latitude,
            "longitude": row.longitude,
        }
        if obj is None:
            obj = Municipality(code=row.code, **values)
            to_create.append(obj)
            by_code[row.code] = obj
        elif obj.code not in feature_codes and obj.boundary is None:
            # The CNIG list describes municipalities without a richer source.
            apply(obj, values)
    Municipality.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        Municipality.objects.bulk_update(
            list(to_update.values()), sorted(update_fields), batch_size=BATCH_SIZE
        )
    result.municipalities_created = len(to_create)
    result.municipalities_updated = len(to_update)

    # Populations: one row per municipality and year.
    ids = dict(
        Municipality.objects.filter(code__in=known_codes).values_list("code", "id")
    )
    wanted: dict[tuple[int, int], dict] = {}
    for row in pop_rows:
        wanted[(ids[row.code], row.year)] = {
            "total": row.total,
            "men": row.men,
            "women": row.women,
            "source": "Idescat",
        }
    for row in cnig_rows:
        key = (ids[row.code] if row.code in ids else by_ine[row.ine_code].pk, cnig_year)
        wanted.setdefault(
            key, {"total": row.population, "men": None, "women": None, "source": "CNIG"}
        )
    years = sorted({year for _, year in wanted})
    fields = ("total", "men", "women", "source")
    existing = {
        (mid, year): (pk, tuple(values))
        for pk, mid, year, *values in Population.objects.filter(
            year__in=years, municipality_id__in={mid for mid, _ in wanted}
        ).values_list("pk", "municipality_id", "year", *fields)
    }
    new_rows, changed_pops = [], []
    for (mid, year), values in wanted.items():
        found = existing.get((mid, year))
        figures = tuple(values[name] for name in fields)
        if found is None:
            new_rows.append((mid, year, *figures))
        elif found[1] != figures:
            changed_pops.append(
                Population(pk=found[0], municipality_id=mid, year=year, **values)
            )
    _insert_rows(Population, ("municipality", "year", *fields), new_rows)
    Population.objects.bulk_update(changed_pops, fields, batch_size=BATCH_SIZE)
    result.populations = len(wanted)
    result.years = years
    for row in pop_rows:
        result.totals[row.year] = result.totals.get(row.year, 0) + row.total
    return result


@transaction.atomic
def territories_load_reference(*, folder: Path | None = None) -> ImportResult:
    """Load the territories shipped with Teixit (`teixit/territories/data/`, built
    from the publishers' files by `build_reference_data`): Catalonia with
    outlines and population by year, and the municipalities of Spain."""
    from .reference import REFERENCE_DIR, reference_read

    return territory_data_write(data=reference_read(folder or REFERENCE_DIR))


def reference_is_loaded() -> bool:
    """Whether Catalonia (with the outlines of its comarques) and Spain are loaded."""
    return (
        catalonia_is_loaded()
        and Municipality.objects.count() >= 8000
        and not Comarca.objects.filter(boundary__isnull=True).exists()
    )


def catalonia_is_loaded() -> bool:
    """Whether the 947 municipalities of Catalonia are there with boundaries."""
    return (
        Municipality.objects.filter(
            boundary__isnull=False, province__code__in=CATALAN_PROVINCES
        ).count()
        >= 947
    )
