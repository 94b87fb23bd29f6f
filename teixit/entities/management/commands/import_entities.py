"""manage.py import_entities FILE [--mapping PRESET|NAME|FILE] [--dry-run] [--valid-only]"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teixit.entities.importing import PRESETS, EntityImport, ImportFileError


class Command(BaseCommand):
    help = (
        "Import SSE entities from a CSV, .xlsx or GeoJSON file. All or nothing: any row "
        "error refuses the whole file unless --valid-only. Presets: "
        + ", ".join(PRESETS)
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--mapping",
            help="A preset (essglobal, osm, pamapam), the name of a saved mapping, or a JSON mapping file. "
            "Guessed from the columns when absent.",
        )
        parser.add_argument(
            "--source",
            default="",
            help=(
                "Name of the source: required unless the preset gives it or the "
                "file has the preset's identifier column."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report; write nothing."
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Import the valid rows even if others have errors.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar on stderr."
        )
        parser.add_argument(
            "--quiet-rows", action="store_true", help="Do not print a line per row."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        show_progress = not options["no_progress"]

        def progress(done: int, total: int) -> None:
            if not show_progress:
                return
            width = 30
            filled = int(width * done / total) if total else width
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] "
                + _("%(done)s/%(total)s rows  %(rate)s rows/s")
                % {"done": done, "total": total, "rate": f"{rate:,.0f}"}
            )
            sys.stderr.flush()

        def row_callback(row: dict) -> None:
            """Every row of a dry run; otherwise the rows with something to say."""
            if options["quiet_rows"]:
                return
            if (
                options["dry_run"]
                or row["action"] not in ("create", "update")
                or row.get("messages")
            ):
                self.stdout.write(_row_text(row, geojson=geojson))

        geojson = str(options["file"]).lower().endswith((".geojson", ".json"))
        try:
            run = EntityImport(
                path=options["file"],
                mapping=options["mapping"],
                source=options["source"],
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
                progress=progress,
                row_callback=row_callback,
            )
        except (ImportFileError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from exc
        try:
            report = run.run()
        except ImportFileError as exc:  # a line that cannot be read
            if show_progress:
                sys.stderr.write("\n")
            raise CommandError(str(exc)) from exc
        if show_progress:
            sys.stderr.write("\n")
        elapsed = time.monotonic() - started
        counts = report.counts
        self.stdout.write(
            _(
                "%(rows)s rows in %(seconds)s s (%(rate)s rows/s): %(created)s created, "
                "%(updated)s updated, %(skipped)s skipped, %(errors)s with errors."
            )
            % {
                **counts,
                "seconds": f"{elapsed:.1f}",
                "rate": f"{counts['rows'] / max(elapsed, 1e-6):,.0f}",
            }
        )
        self.stdout.write(report.origin)
        if report.refused:
            raise CommandError(report.message)
        self.stdout.write(self.style.SUCCESS(report.message))


def _row_text(row: dict, *, geojson: bool = False) -> str:
    """One line of the per-row report, in the active language. A GeoJSON
    file's rows are its features: "element 11", not a line."""
    actions = {
        "create": _("create"),
        "update": _("update"),
        "skip": _("skip"),
        "error": _("error"),
    }
    if geojson:
        label = _("element %(line)s: %(action)s %(name)s")
    else:
        label = _("line %(line)s: %(action)s %(name)s")
    text = label % {
        "line": row["line"],
        "action": actions.get(row["action"], row["action"]),
        "name": row.get("name", ""),
    }
    messages = "; ".join(row.get("messages") or [])
    return f"{text} — {messages}" if messages else text
