"""Load the default data for `make run`: vocabulary, territories (both from the
reference data shipped in the repository), the demo network, and each app's
demo data.

Every step is idempotent and skips quickly when its data is already there, so
running `make run` again keeps what users entered. It lives in the network app,
whose demo network the other apps' demo data build on (`core` imports no
domain app); it finds the other apps' `demo_<app>` commands by name.
"""

import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from teixit.network.services import DEMO_PASSWORD, demo_network_load, demo_people

# Demo steps that use the others' data: after them (the diagnosis app's
# indicator snapshots count the demo entities; the demo meetings' agreements
# point at the seed plan's actions).
RUN_LAST = frozenset({"demo_diagnosis", "demo_events"})


class Command(BaseCommand):
    help = "Load the vocabulary, territories, demo network and demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-steps", action="store_true", help="Print only the summary."
        )

    def _step(self, label: str, name: str, *args, **options) -> None:
        if name not in get_commands():
            return
        started = time.monotonic()
        call_command(name, *args, **options)
        self.stdout.write(f"  · {label} ({time.monotonic() - started:.1f} s)")

    def handle(self, *args, **options):
        self.stdout.write("Teixit: loading default data…")
        self._step("vocabulary", "import_vocabulary", "--default", "--if-empty")
        self._step(
            "territories of Catalonia and Spain",
            "import_territories",
            "--reference",
            "--if-empty",
        )
        created = demo_network_load()
        self.stdout.write(f"  · demo network ({sum(created.values())} new records)")
        demo = [name for name in get_commands() if name.startswith("demo_")]
        for name in sorted(demo, key=lambda name: (name in RUN_LAST, name)):
            self._step(name.removeprefix("demo_").replace("_", " "), name)

        self.stdout.write(
            self.style.SUCCESS(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
        )
        for person in demo_people():
            self.stdout.write(f"  {person['email']:<28} {person['name']}")
