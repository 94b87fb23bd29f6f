"""manage.py restore ARCHIVE: replace the database and the media folder by a
backup's (teixit.core.backup, docs/deploy.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teixit.core.backup import BackupError, backup_manifest, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by manage.py backup: it replaces the database and "
        "the media folder. Refuses while the site is running unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", help="The .tar.gz file made by manage.py backup."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though a web server or worker seems to be running.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, archive, force, interactive, **options):
        archive = Path(archive)
        try:
            manifest = backup_manifest(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if interactive:
            answer = input(
                _(
                    "This replaces the whole database and the media folder by the "
                    "backup of %(date)s. Type 'yes' to continue: "
                )
                % {"date": manifest.get("created_at", "?")}
            )
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled."))
        try:
            restored = backup_restore(archive=archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Restored %(archive)s: %(rows)s rows in %(tables)s tables and "
                "%(files)s media files, as the manifest says; the database's "
                "integrity check passed. Run manage.py migrate if this version "
                "has newer migrations."
            )
            % {
                "archive": archive,
                "rows": sum(restored.tables.values()),
                "tables": len(restored.tables),
                "files": restored.media_files,
            }
        )
