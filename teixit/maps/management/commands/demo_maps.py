from django.core.management.base import BaseCommand

from teixit.maps.models import MapPoint
from teixit.maps.services import map_cells_rebuild


class Command(BaseCommand):
    help = (
        "Demo data: put the demo entities on the map (skipped when it is up to date)."
    )

    def handle(self, *args, **options):
        from teixit.entities.models import Entity

        published = Entity.objects.filter(status=Entity.Status.PUBLISHED).count()
        if published and MapPoint.objects.count() == published:
            self.stdout.write("The map is up to date.")
            return
        result = map_cells_rebuild()
        self.stdout.write(f"{result['points']} entities on the map.")
