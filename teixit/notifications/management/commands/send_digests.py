from django.core.management.base import BaseCommand, CommandError

from teixit.notifications import services
from teixit.notifications.registry import Delivery


class Command(BaseCommand):
    help = (
        "Send the daily or weekly notification digests (one e-mail per person, "
        "never twice for a period). --schedule queues the worker's recurring runs."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--daily", action="store_true", help="send the daily digests"
        )
        group.add_argument(
            "--weekly", action="store_true", help="send the weekly digests"
        )
        group.add_argument(
            "--schedule",
            action="store_true",
            help="queue the next daily and weekly runs in the background worker",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            queued = [
                frequency
                for frequency in (Delivery.DAILY, Delivery.WEEKLY)
                if services.digests_schedule(frequency=frequency)
            ]
            if queued:
                self.stdout.write("Queued: " + ", ".join(queued))
            else:
                self.stdout.write(
                    "Nothing queued: the runs are already waiting (or the task backend cannot defer)."
                )
            return
        frequency = Delivery.DAILY if options["daily"] else Delivery.WEEKLY
        try:
            sent = services.digests_send(frequency=frequency)
        except Exception as exc:  # pragma: no cover - shown to the operator
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{sent} {frequency} digest e-mail(s) sent.")
