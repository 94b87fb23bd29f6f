"""Build the reference data shipped with Teixit from the publishers' files
(see docs/territories.md, "The shipped reference data")."""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from teixit.core.reference_files import read_maybe_gzip, write_files
from teixit.territories import reference as territories_reference
from teixit.territories.services import CNIG_DEFAULT_YEAR
from teixit.vocabulary import reference as vocabulary_reference


def reference_targets(source_dir: Path, cnig_year: int) -> dict[Path, dict[str, bytes]]:
    """{output folder: {file name: uncompressed content}} for every app that ships data."""
    return {
        territories_reference.REFERENCE_DIR: territories_reference.reference_build(
            source_dir, cnig_year=cnig_year
        ),
        vocabulary_reference.REFERENCE_DIR: vocabulary_reference.reference_build(
            source_dir
        ),
    }


class Command(BaseCommand):
    help = (
        "Build the compact reference data shipped in teixit/territories/data/ and "
        "teixit/vocabulary/data/ from the publishers' files in --from DIR "
        "(laid out like ../shared/data)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            type=Path,
            required=True,
            help="Folder with catalonia/, spain/ and essglobal/ as published.",
        )
        parser.add_argument(
            "--cnig-year",
            type=int,
            default=CNIG_DEFAULT_YEAR,
            help="Year of the CNIG population (1 January).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail when the shipped files differ from a fresh build.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            targets = reference_targets(options["source"], options["cnig_year"])
        except ValidationError as exc:
            raise CommandError(
                "Nothing was built:\n  " + "\n  ".join(exc.messages)
            ) from exc
        if options["check"]:
            stale = [
                folder / name
                for folder, files in targets.items()
                for name, content in files.items()
                if not (folder / name).is_file()
                or read_maybe_gzip(folder / name) != content
            ]
            if stale:
                raise CommandError(
                    "The shipped reference data differs from the originals; run "
                    "build_reference_data without --check:\n  "
                    + "\n  ".join(map(str, stale))
                )
            self.stdout.write("The shipped reference data is up to date.")
            return
        for folder, files in targets.items():
            for path in write_files(folder, files):
                self.stdout.write(f"  {path} ({path.stat().st_size:,} bytes)")
        self.stdout.write(f"Built in {time.monotonic() - started:.1f} s.")
