from django.core.management.base import BaseCommand
from django.utils import timezone

from teixit.diagnosis.models import Diagnosis, IndicatorValue
from teixit.diagnosis.services import (
    diagnosis_create,
    indicator_snapshot_take,
    methodology_load,
)


class Command(BaseCommand):
    help = "Demo data of the diagnosis app: the default methodology, a draft diagnosis, indicator snapshots."

    def handle(self, *args, **options):
        from teixit.network.models import Technician
        from teixit.territories.models import Population

        version = methodology_load()
        year = timezone.localdate().year
        technician = (
            Technician.objects.current().select_related("member").order_by("pk").first()
        )
        if (
            technician
            and not Diagnosis.objects.filter(
                member=technician.member, year=year
            ).exists()
        ):
            diagnosis_create(member=technician.member, year=year, version=version)
        # Snapshots for the years with official population, once.
        years = sorted(set(Population.objects.values_list("year", flat=True)))
        for snapshot_year in years:
            if not IndicatorValue.objects.filter(year=snapshot_year).exists():
                indicator_snapshot_take(year=snapshot_year)
