"""Import concept schemes and concepts: Teixit JSON files and ESSGlobal SKOS files."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from teixit.vocabulary.services import (
    default_paths,
    vocabulary_import,
    vocabulary_is_loaded,
)


class Command(BaseCommand):
    help = (
        "Import vocabulary files (Teixit .json, ESSGlobal .skos/.rdf). --default loads the shipped "
        "vocabulary: Teixit's schemes and the ESSGlobal copy in teixit/vocabulary/data/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Vocabulary files to import."
        )
        parser.add_argument(
            "--default",
            action="store_true",
            help="Also import the shipped vocabulary (Teixit and ESSGlobal).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the vocabulary is loaded.",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and vocabulary_is_loaded():
            self.stdout.write("Vocabulary already loaded: nothing to do.")
            return
        paths = (default_paths() if options["default"] else []) + list(options["paths"])
        if not paths:
            raise CommandError("Give vocabulary files to import, or --default.")
        started = time.monotonic()
        try:
            result = vocabulary_import(paths=paths)
        except ValidationError as exc:
            raise CommandError(
                "Nothing was imported: " + " ".join(exc.messages)
            ) from exc
        self.stdout.write(
            f"{result.schemes} schemes: {result.created} concepts created, {result.updated} updated, "
            f"{result.unchanged} unchanged ({time.monotonic() - started:.1f} s)."
        )
