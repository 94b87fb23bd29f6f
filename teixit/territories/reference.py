"""The territories shipped with Teixit (`teixit/territories/data/`).

`reference_build(source_dir)` reads the publishers' files with the importer's
own readers (`services.territory_data_read`) and returns the compact derived
files; `reference_read(folder)` reads them back into the same `TerritoryData`,
which `services.territories_load_reference` writes with the importer's writer.
So a bare clone holds exactly what `import_territories` would make of the
originals, and a test checks that the shipped files equal a fresh build.

Files (all written deterministically, see `teixit/core/reference_files.py`):

- `catalonia-municipalities.geojson.gz`: the municipalities of Catalonia, one
  feature each (code, name, comarca, province, area, centroid) with the boundary
  simplified for web maps;
- `catalonia-comarques.geojson.gz`, `catalonia-provinces.geojson.gz`: outlines;
- `catalonia-population.csv.gz`: Idescat's population by year (total, men, women);
- `spain-municipalities.csv.gz`: CNIG's municipalities of Spain (code, name,
  province, population of one year, area, position);
- `municipality-aliases.csv.gz`: former names and renamings of municipalities
  (`aliases.py`): those the originals show, and a small hand-made table;
- `sources.json`: publisher, dataset, licence, version and checksum of each original.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from teixit.core.reference_files import SOURCES_FILE, file_sha256, json_bytes
from teixit.core.reference_files import read_maybe_gzip as _read

from .aliases import ALIASES_FILE, aliases_csv, aliases_derive
from .services import (
    CNIG_DEFAULT_YEAR,
    CnigRow,
    MunicipalityFeature,
    PopulationRow,
    TerritoryData,
    territory_data_read,
)

REFERENCE_DIR = Path(__file__).parent / "data"
MUNICIPALITIES = "catalonia-municipalities.geojson.gz"
COMARQUES = "catalonia-comarques.geojson.gz"
PROVINCES = "catalonia-provinces.geojson.gz"
POPULATION = "catalonia-population.csv.gz"
SPAIN = "spain-municipalities.csv.gz"

# The originals in a data folder laid out like ../shared/data; the newest name
# (sorted) wins when a folder keeps several versions.
ORIGINALS = {
    "geojson": "catalonia/municipis-icgc-*.geojson",
    "population": "catalonia/poblacio-municipis-idescat-*.csv",
    "cnig": "spain/municipios-cnig-*.csv",
}

SOURCES = {
    "geojson": {
        "title": gettext_noop(
            "Municipalities of Catalonia: boundaries, comarca, province and area; "
            "outlines of the comarques and provinces"
        ),
        "publisher": "Institut Cartogràfic i Geològic de Catalunya (ICGC)",
        "dataset": "Divisions administratives – Municipis",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "url": "https://www.icgc.cat/",
        "attribution": "© Institut Cartogràfic i Geològic de Catalunya (ICGC), CC BY 4.0",
        "files": [MUNICIPALITIES, COMARQUES, PROVINCES],
    },
    "population": {
        "title": gettext_noop(
            "Population of the municipalities of Catalonia by year and sex"
        ),
        "publisher": "Institut d'Estadística de Catalunya (Idescat)",
        "dataset": "Padró municipal d'habitants – Població per sexe i edat",
        "licence": "Idescat: reuse allowed with attribution (legal notice)",
        "licence_url": "https://www.idescat.cat/",
        "url": "https://www.idescat.cat/",
        "attribution": "Font: Idescat",
        "files": [POPULATION, ALIASES_FILE],
    },
    "cnig": {
        "title": gettext_noop(
            "Municipalities of Spain: name, province, population, area and position"
        ),
        "publisher": "Centro Nacional de Información Geográfica (CNIG)",
        "dataset": "Nomenclátor Geográfico de Municipios y Entidades de Población",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "url": "https://centrodedescargas.cnig.es/",
        "attribution": "© Instituto Geográfico Nacional – CNIG, CC BY 4.0 (scne.es)",
        "files": [SPAIN, ALIASES_FILE],
    },
}


def reference_originals(source_dir: Path) -> dict[str, Path]:
    """The publishers' files in `source_dir` ({kind: path}); a clear error when
    one is missing."""
    source_dir = Path(source_dir)
    found = {}
    for kind, pattern in ORIGINALS.items():
        matches = sorted(source_dir.glob(pattern))
        if not matches:
            raise ValidationError(
                gettext("%(folder)s: no file matches %(pattern)s.")
                % {"folder": source_dir, "pattern": pattern},
                code="missing_file",
            )
        found[kind] = matches[-1]
    return found


def _feature_collection(features: list[dict]) -> bytes:
    return json_bytes({"type": "FeatureCollection", "features": features})


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _number(value: Decimal | None):
    return None if value is None else float(value)


def reference_build(
    source_dir: Path, *, cnig_year: int = CNIG_DEFAULT_YEAR
) -> dict[str, bytes]:
    """The shipped files ({name: uncompressed content}) built from the originals."""
    originals = reference_originals(source_dir)
    data = territory_data_read(
        geojson=originals["geojson"],
        population=originals["population"],
        cnig=originals["cnig"],
        cnig_year=cnig_year,
    )
    return reference_files(data, originals)


def reference_files(
    data: TerritoryData, originals: dict[str, Path]
) -> dict[str, bytes]:
    """The shipped files made of what the readers returned for `originals`."""
    cnig_year = data.cnig_year
    features = sorted(data.features, key=lambda f: f.code)
    files = {
        MUNICIPALITIES: _feature_collection(
            [
                {
                    "type": "Feature",
                    "properties": {
                        "code": f.code,
                        "name": f.name,
                        "comarca": f.comarca_code,
                        "province": f.province_code,
                        "area_km2": _number(f.area_km2),
                        "latitude": f.latitude,
                        "longitude": f.longitude,
                    },
                    "geometry": f.boundary,
                }
                for f in features
            ]
        ),
        COMARQUES: _feature_collection(
            [
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": name},
                    "geometry": data.comarca_outlines[code],
                }
                for code, name in sorted(
                    {(f.comarca_code, f.comarca_name) for f in features}
                )
            ]
        ),
        PROVINCES: _feature_collection(
            [
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": name},
                    "geometry": data.province_outlines[code],
                }
                for code, name in sorted(
                    {(f.province_code, f.province_name) for f in features}
                )
            ]
        ),
        POPULATION: _csv(
            ["code", "year", "total", "men", "women"],
            sorted(
                (row.code, row.year, row.total, row.men, row.women)
                for row in data.populations
            ),
        ),
        SPAIN: _csv(
            [
                "code",
                "ine_code",
                "name",
                "province_code",
                "province_name",
                f"population_{cnig_year}",
                "area_km2",
                "latitude",
                "longitude",
            ],
            sorted(
                (
                    row.code,
                    row.ine_code,
                    row.name,
                    row.province_code,
                    row.province_name,
                    row.population,
                    row.area_km2,
                    row.latitude,
                    row.longitude,
                )
                for row in data.cnig
            ),
        ),  # fmt: skip
    }
    files[ALIASES_FILE] = aliases_csv(aliases_derive(data))
    years = ", ".join(map(str, sorted({row.year for row in data.populations})))
    versions = {
        "geojson": originals["geojson"].name,
        "population": f"{originals['population'].name} ({years})",
        "cnig": f"{originals['cnig'].name} ({cnig_year})",
    }
    files[SOURCES_FILE] = json_bytes(
        {
            "format": "teixit-reference",
            "version": 1,
            "sources": [
                {
                    **SOURCES[kind],
                    "key": kind,
                    "version": versions[kind],
                    "original": originals[kind].name,
                    "sha256": file_sha256(originals[kind]),
                }
                for kind in ORIGINALS
            ],
        }
    )
    return files


def _features(path: Path) -> list[dict]:
    return json.loads(_read(path))["features"]


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(_read(path).decode("utf-8"), newline=""))
    header = next(reader)
    return header, list(reader)


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value)).quantize(Decimal("0.001"))


def _int_or_none(value: str) -> int | None:
    return int(value) if value != "" else None


def reference_read(folder: Path = REFERENCE_DIR) -> TerritoryData:
    """The shipped reference files read back into the importer's structures."""
    folder = Path(folder)
    comarques = {
        f["properties"]["code"]: (f["properties"]["name"], f["geometry"])
        for f in _features(folder / COMARQUES)
    }
    provinces = {
        f["properties"]["code"]: (f["properties"]["name"], f["geometry"])
        for f in _features(folder / PROVINCES)
    }
    features = []
    for item in _features(folder / MUNICIPALITIES):
        p = item["properties"]
        features.append(
            MunicipalityFeature(
                code=p["code"],
                name=p["name"],
                comarca_code=p["comarca"],
                comarca_name=comarques[p["comarca"]][0],
                province_code=p["province"],
                province_name=provinces[p["province"]][0],
                area_km2=_decimal(p["area_km2"]),
                latitude=p["latitude"],
                longitude=p["longitude"],
                boundary=item["geometry"],
            )
        )
    _header, rows = _rows(folder / POPULATION)
    populations = [
        PopulationRow(
            year=int(year),
            code=code,
            total=int(total),
            men=_int_or_none(men),
            women=_int_or_none(women),
            line=line,
        )
        for line, (code, year, total, men, women) in enumerate(rows, start=2)
    ]
    header, rows = _rows(folder / SPAIN)
    cnig_year = int(header[5].removeprefix("population_"))
    cnig = [
        CnigRow(
            ine_code=ine_code,
            code=code,
            name=name,
            province_code=province_code,
            province_name=province_name,
            population=int(population),
            area_km2=_decimal(area),
            latitude=float(latitude),
            longitude=float(longitude),
        )
        for code, ine_code, name, province_code, province_name, population, area, latitude, longitude in rows
    ]  # fmt: skip
    return TerritoryData(
        features=features,
        populations=populations,
        cnig=cnig,
        cnig_year=cnig_year,
        comarca_outlines={code: value[1] for code, value in comarques.items()},
        province_outlines={code: value[1] for code, value in provinces.items()},
    )
