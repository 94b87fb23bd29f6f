"""Other names of municipalities: former official names and renamings.

People write the names they know, and lists made years ago keep the names of
their year: "Sant Carles de la Ràpita" (la Ràpita since 2021), "Castell-Platja
d'Aro", "Santa Maria de Corcó" (l'Esquirol since 2014), "Gerona". A look-up
that misses them sends the row to a namesake or to nowhere.

The shipped `data/municipality-aliases.csv.gz` (code, name, source) is built by
`build_reference_data` (`aliases_derive`), never edited by hand, from:

- the publishers' files: every name that one of them gives a municipality's code
  and that differs (by `name_key`) from its current name in the ICGC file.
  Idescat's population list keeps the names of its years, CNIG's list lags
  behind the latest renamings;
- `MANUAL_ALIASES` below, for renamings older than the files, each with the
  source that says so.

At run time (`alias_codes`) a current name always wins over an alias: an alias
is looked up only when no municipality bears the name today.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

from .text import name_key

ALIASES_FILE = "municipality-aliases.csv.gz"

_ESQUIROL = (
    "Ajuntament de l'Esquirol: renamed on 4 June 2014 in the Registre d'ens locals "
    "de Catalunya, https://www.lesquirol.cat/ca/noticies/"
    "canvi-de-nom-del-municipi-lesquirol-santa-maria-de-corco"
)
_CALONGE = (
    "El Punt Avui, 'Aprovat definitivament el canvi de nom del municipi de Calonge i "
    "Sant Antoni', http://elpuntavui.cat/territori/article/1326677"
)
_INE = (
    "INE, Alteraciones de los municipios en los Censos de Población desde 1842 "
    "(former official Spanish form), https://www.ine.es/intercensal/"
)

#: (code, former name, source): renamings the publishers' files no longer show.
MANUAL_ALIASES: tuple[tuple[str, str, str], ...] = (
    ("082541", "Santa Maria de Corcó", _ESQUIROL),
    ("170340", "Calonge", _CALONGE),
    ("082009", "San Baudilio de Llobregat", _INE),
    ("082055", "San Cugat del Vallés", _INE),
    ("082457", "Santa Coloma de Gramanet", _INE),
    ("082798", "Tarrasa", _INE),
    ("082981", "Vich", _INE),
    ("083073", "Villanueva y Geltrú", _INE),
    ("170669", "Figueras", _INE),
    ("170792", "Gerona", _INE),
    ("251207", "Lérida", _INE),
)

#: Former official names of provinces ("Figueras, Gerona"), by province code:
#: Ley 2/1992 (Girona, Lleida), Ley 2/1998 (A Coruña, Ourense), Ley 19/2011
#: (Bizkaia, Gipuzkoa); "Baleares" is the usual short form of Illes Balears.
PROVINCE_ALIASES: dict[str, str] = {
    "Gerona": "17",
    "Lérida": "25",
    "La Coruña": "15",
    "Orense": "32",
    "Vizcaya": "48",
    "Guipúzcoa": "20",
    "Baleares": "07",
    "Islas Baleares": "07",
}


def aliases_derive(data, manual=MANUAL_ALIASES) -> list[tuple[str, str, str]]:
    """The alias rows (code, name, source), sorted, from what the readers made
    of the publishers' files (`services.TerritoryData`) and the hand-made
    table: names that differ from the municipality's current name."""
    current = {f.code: f.name for f in data.features}
    for row in data.cnig:
        current.setdefault(row.code, row.name)
    found: dict[tuple[str, str], tuple[str, str, str]] = {}

    def add(code: str, name: str, source: str) -> None:
        name = " ".join(name.split())
        key = name_key(name)
        if code in current and key and key != name_key(current[code]):
            found.setdefault((code, key), (code, name, source))

    for row in sorted(data.populations, key=lambda r: (r.year, r.code)):
        add(row.code, row.name, f"Idescat {row.year}")
    for row in data.cnig:
        add(row.code, row.name, f"CNIG {data.cnig_year}")
    for code, name, source in manual:
        add(code, name, source)
    return sorted(found.values())


def aliases_csv(rows: list[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "source"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def aliases_read(path: Path) -> list[tuple[str, str, str]]:
    from teixit.core.reference_files import read_maybe_gzip

    if not Path(path).is_file():
        return []
    reader = csv.reader(io.StringIO(read_maybe_gzip(path).decode("utf-8")))
    next(reader, None)
    return [(code, name, source) for code, name, source in reader]


@cache
def _alias_table() -> dict[str, tuple[str, ...]]:
    from .reference import REFERENCE_DIR

    table: dict[str, set[str]] = {}
    for code, name, _source in aliases_read(REFERENCE_DIR / ALIASES_FILE):
        table.setdefault(name_key(name), set()).add(code)
    return {key: tuple(sorted(codes)) for key, codes in table.items()}


def alias_codes(key: str) -> tuple[str, ...]:
    """The codes of the municipalities formerly called by the name whose
    `name_key` is `key` (usually one)."""
    return _alias_table().get(key, ())


def alias_keys() -> dict[str, tuple[str, ...]]:
    """Every alias key with its municipality codes (for in-memory indexes)."""
    return dict(_alias_table())


def province_keys(provinces) -> dict[str, str]:
    """{name key: province code} for (code, name) pairs: the name, each part
    of a bilingual name ("València/Valencia") and the former names."""
    keys: dict[str, str] = {}
    for code, name in provinces:
        key = name_key(name)
        keys.setdefault(key, code)
        for part in key.split(" / "):
            if part.strip():
                keys.setdefault(part.strip(), code)
    for name, code in PROVINCE_ALIASES.items():
        keys.setdefault(name_key(name), code)
    return keys
