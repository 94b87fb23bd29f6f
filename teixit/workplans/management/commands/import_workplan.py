"""Import a work plan from a TSV or .xlsx file in the network's layout."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from teixit.core.imports import import_limits
from teixit.workplans.importer import WorkplanFileError
from teixit.workplans.models import Plan
from teixit.workplans.services import SEED_FILE, plan_import


class Command(BaseCommand):
    help = (
        "Import a work plan (TSV or .xlsx in the layout of the network's 2017-2019 plan). "
        "Re-importing the same file changes nothing; an edited file updates the plan in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help=f"The file (default: the shipped {SEED_FILE.name})."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would change; write nothing.",
        )
        parser.add_argument(
            "--allow-removals",
            action="store_true",
            help=(
                "Delete the plan's periods whose column the file lacks, with their "
                "planned marks (refused without it)."
            ),
        )
        parser.add_argument(
            "--plan",
            type=int,
            help="Id of the plan to update (default: by the file's title).",
        )

    def handle(self, *args, **options):
        path = Path(options["file"]) if options["file"] else SEED_FILE
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        plan = None
        if options["plan"]:
            plan = Plan.objects.filter(pk=options["plan"]).first()
            if plan is None:
                raise CommandError(f"No plan with id {options['plan']}")
        try:
            # Before reading the file into memory (read_rows checks it too).
            import_limits("workplans").check_size(path.stat().st_size)
        except ValidationError as exc:
            raise CommandError(f"{path}: nothing imported.\n{exc.messages[0]}") from exc
        try:
            report = plan_import(
                data=path.read_bytes(),
                filename=path.name,
                plan=plan,
                dry_run=options["dry_run"],
                allow_removals=options["allow_removals"],
            )
        except WorkplanFileError as exc:
            raise CommandError(
                f"{path}: nothing imported.\n" + "\n".join(exc.messages)
            ) from exc
        prefix = "[dry run] " if report.dry_run else ""
        for change in report.changes:
            self.stdout.write(f"{prefix}{change}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"{prefix}{warning}"))
        counts = report.counts
        summary = (
            f"{prefix}{report.plan.title}: {counts['lines']} strategic lines, "
            f"{counts['objectives']} objectives, {counts['actions']} actions; "
            f"{len(report.changes)} changes"
        )
        if report.dry_run:
            summary += " (nothing written)"
        self.stdout.write(self.style.SUCCESS(summary))
