"""Import provinces, comarques, municipalities and population from the files
published by ICGC, Idescat and CNIG, or (--reference) from the copy of them
shipped with Teixit (see docs/territories.md)."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from teixit.territories.models import Municipality
from teixit.territories.services import (
    CNIG_DEFAULT_YEAR,
    catalonia_is_loaded,
    reference_is_loaded,
    territories_import,
    territories_load_reference,
)


class Command(BaseCommand):
    help = (
        "Import territories: --geojson (ICGC municipalities) with --population (Idescat), "
        "optionally --comarques (Idescat list) and --cnig (CNIG list of Spain); or --reference "
        "(the copy shipped with Teixit: Catalonia and Spain). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--geojson", type=Path, help="ICGC municipalities GeoJSON (EPSG:4326)."
        )
        parser.add_argument(
            "--population",
            type=Path,
            help="Idescat population by municipality, sex and age CSV.",
        )
        parser.add_argument(
            "--comarques",
            type=Path,
            help="Idescat municipality → comarca list (optional).",
        )
        parser.add_argument(
            "--cnig",
            type=Path,
            help="CNIG Nomenclátor Geográfico de Municipios CSV (optional).",
        )
        parser.add_argument(
            "--cnig-year",
            type=int,
            default=CNIG_DEFAULT_YEAR,
            help="Year of the CNIG population (1 January).",
        )
        parser.add_argument(
            "--reference",
            action="store_true",
            help="Load the reference data shipped in teixit/territories/data/ "
            "instead of files.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the 947 municipalities of Catalonia are loaded.",
        )

    def handle(self, *args, **options):
        if options["reference"]:
            return self._reference(options)
        if options["if_empty"] and catalonia_is_loaded():
            if not options["cnig"] or Municipality.objects.count() >= 8000:
                self.stdout.write("Territories already loaded: nothing to do.")
                return
        started = time.monotonic()
        try:
            result = territories_import(
                geojson=options["geojson"],
                population=options["population"],
                comarques=options["comarques"],
                cnig=options["cnig"],
                cnig_year=options["cnig_year"],
            )
        except ValidationError as exc:
            raise CommandError(
                "Nothing was imported:\n  " + "\n  ".join(exc.messages)
            ) from exc
        self._report(result, started)

    def _reference(self, options) -> None:
        files = ("geojson", "population", "comarques", "cnig")
        if any(options[name] for name in files):
            raise CommandError("--reference loads the shipped data: give no files.")
        if options["if_empty"] and reference_is_loaded():
            self.stdout.write("Territories already loaded: nothing to do.")
            return
        started = time.monotonic()
        self._report(territories_load_reference(), started)

    def _report(self, result, started: float) -> None:
        self.stdout.write(
            f"{result.provinces} provinces, {result.comarques} comarques, "
            f"{result.municipalities_created} municipalities created, "
            f"{result.municipalities_updated} updated, {result.populations} population figures "
            f"({', '.join(map(str, result.years))}) in {time.monotonic() - started:.1f} s."
        )
        for year, total in sorted(result.totals.items()):
            self.stdout.write(f"  population of Catalonia {year}: {total:,}")
