"""The default competence profile of the SSE technician; idempotent."""

from django.core.management.base import BaseCommand

from teixit.competences.services import default_profile_load
from teixit.trainings.demo import demo_themes


class Command(BaseCommand):
    help = "Load the default competence profile (skipped when one exists)."

    def handle(self, *args, **options):
        demo_themes()
        default_profile_load()
