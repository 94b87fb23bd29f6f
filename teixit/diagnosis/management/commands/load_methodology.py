from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from teixit.diagnosis.services import DEFAULT_METHODOLOGY_FILE, methodology_load


class Command(BaseCommand):
    help = "Load a diagnosis methodology from a JSON file (default: the one shipped with Teixit). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(DEFAULT_METHODOLOGY_FILE),
            help="JSON file of the methodology.",
        )
        parser.add_argument(
            "--draft", action="store_true", help="Leave the first version as a draft."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            version = methodology_load(path=path, publish=not options["draft"])
        except (ValidationError, KeyError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        questions = version.questions().count()
        self.stdout.write(
            f"{version} ({version.get_status_display()}): {questions} questions"
        )
