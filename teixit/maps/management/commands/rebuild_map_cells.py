import time

from django.core.management.base import BaseCommand

from teixit.maps.services import map_cells_rebuild


class Command(BaseCommand):
    help = "Recompute the public map's points and clusters from the published entities."

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = map_cells_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['points']} entities on the map, {result['cells']} cells "
                f"({time.perf_counter() - started:.1f} s)."
            )
        )
