"""manage.py backup [--output DIR]: the database and the media folder in one
timestamped archive with a manifest (teixit.core.backup, docs/deploy.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from teixit.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and the media "
        "folder into one archive, while the site keeps running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default="backups",
            help="Folder for the archive (created if missing; default: backups).",
        )

    def handle(self, *args, output, **options):
        try:
            archive, manifest = backup_create(output=Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "%(archive)s: %(rows)s rows in %(tables)s tables, "
                "%(files)s media files (%(bytes)s bytes)."
            )
            % {
                "archive": archive,
                "rows": manifest["database"]["rows"],
                "tables": len(manifest["database"]["tables"]),
                "files": manifest["media"]["files"],
                "bytes": manifest["media"]["bytes"],
            }
        )
