"""Default data: the network's 2017-2019 plan, approved and public, with a few
progress updates by the demo people. Skips at once when a plan exists."""

from django.core.management.base import BaseCommand

from teixit.workplans.services import demo_workplans_load


class Command(BaseCommand):
    help = (
        "Load the shipped 2017-2019 work plan when there is no plan yet (idempotent)."
    )

    def handle(self, *args, **options):
        created = demo_workplans_load()
        if created["plans"]:
            self.stdout.write(
                f"Work plan loaded with {created['updates']} demo progress updates."
            )
        else:
            self.stdout.write("Work plans already present: nothing to do.")
