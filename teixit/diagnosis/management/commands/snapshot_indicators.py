from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from teixit.diagnosis.services import SOURCES, indicator_snapshot_take


class Command(BaseCommand):
    help = (
        "Compute and store the indicator values of a year (default: the current year). "
        "Re-running a year replaces that year's values. Register indicators of a past year are "
        "computed from today's register, so retake a past year only when you mean it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="Year of the snapshot (default: current year)."
        )
        parser.add_argument(
            "--source",
            action="append",
            choices=SOURCES,
            help="Only recompute indicators from this source (repeatable). Default: all.",
        )

    def handle(self, *args, **options):
        this_year = timezone.localdate().year
        year = options["year"] or this_year
        if year < 1900 or year > this_year + 1:
            raise CommandError(f"year {year} is out of range")
        sources = options["source"] or SOURCES
        if year < this_year and "register" in sources:
            self.stdout.write(
                self.style.WARNING(
                    f"Retaking {year} from today's register: its register indicators will describe "
                    "the register as it is now."
                )
            )
        rows = indicator_snapshot_take(year=year, sources=sources)
        self.stdout.write(
            self.style.SUCCESS(
                f"{year}: {rows} indicator values stored ({', '.join(sources)})."
            )
        )
