"""Backups of the database and the media folder, and their restore.

`manage.py backup` and `manage.py restore` call these (docs/deploy.md).

A backup is one archive, `teixit-backup-<UTC time>.tar.gz`, holding:

- `manifest.json`: format, time, database engine, the last migration of each
  app, the number of rows of every table, the number and size of the media files;
- the database: `database.sqlite3` (a consistent copy made with SQLite's
  online backup API, so rows still in the `-wal` file are in it, while the
  site keeps writing) or `database.pgdump` (`pg_dump -Fc` of one snapshot;
  the rows of the manifest are counted in that same snapshot);
- `media/…`: the media folder.

A restore checks the archive before touching anything (the database copy's
integrity and its row counts against the manifest), refuses while the site is
served (`teixit.core.running`; on PostgreSQL, also while other connections are
open) unless forced, replaces the database (on SQLite removing the `-wal` and
`-shm` files left beside it, which would otherwise be replayed over the
restored file) and the media folder, then checks integrity and counts again.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from .running import SiteRunning, serving_lock_exclusive

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"


class BackupError(Exception):
    """What the operator must know: the command prints it and stops."""


@dataclass
class Restored:
    manifest: dict
    tables: dict[str, int]
    media_files: int


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": vendor}
        )
    return vendor


def _sqlite_path(alias: str = "default") -> Path:
    name = str(connections[alias].settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("An in-memory SQLite database cannot be backed up."))
    return Path(name)


# Database: SQLite ----------------------------------------------------------------


def _sqlite_tables(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in names}
    return {
        name: db.execute(f"SELECT count(*) FROM {quoted[name]}").fetchone()[0]  # noqa: S608
        for name in names
    }


def _sqlite_check(path: Path) -> dict[str, int]:
    """Integrity of a SQLite file and its row counts (BackupError if damaged)."""
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(
            _("The database file %(path)s cannot be opened: %(error)s")
            % {"path": path, "error": exc}
        ) from exc
    try:
        result = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise BackupError(
                _("The database file %(path)s is damaged: %(error)s")
                % {"path": path, "error": "; ".join(result[:5])}
            )
        return _sqlite_tables(db)
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("The database file %(path)s is damaged: %(error)s")
            % {"path": path, "error": exc}
        ) from exc
    finally:
        db.close()


def _sqlite_dump(target: Path, alias: str) -> dict[str, int]:
    """A consistent copy of the live database in `target`, made with the online
    backup API in one step (one read transaction: writers go on meanwhile, in
    WAL mode, and what they commit after it started is not in the copy)."""
    path = _sqlite_path(alias)
    if not path.is_file():
        raise BackupError(
            _("The database file %(path)s does not exist.") % {"path": path}
        )
    source = sqlite3.connect(path, timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.execute("PRAGMA busy_timeout = 60000")
        source.backup(copy)
        # A self-contained file: no -wal needed beside it once restored.
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
        source.close()
    return _sqlite_check(target)


def _sqlite_restore(dump: Path, alias: str) -> None:
    path = _sqlite_path(alias)
    connections[alias].close()
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f"{path.name}.restoring")
    shutil.copyfile(dump, staged)
    # Files of the replaced database: a leftover -wal would be replayed over the
    # restored file by the next connection (old writes, or a damaged file).
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, path)


# Database: PostgreSQL ------------------------------------------------------------


def _pg_environ(alias: str) -> dict[str, str]:
    """libpq's variables for the database of `alias` (the password never goes
    on a command line)."""
    conf = connections[alias].settings_dict
    environ = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if conf.get(key):
            environ[variable] = str(conf[key])
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if (conf.get("OPTIONS") or {}).get(option):
            environ[variable] = str(conf["OPTIONS"][option])
    return environ


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            _(
                "%(program)s is not installed; install the PostgreSQL client "
                "(the same major version as the server or newer)."
            )
            % {"program": name}
        )
    return program


def _pg_run(args: list[str], alias: str) -> None:
    done = subprocess.run(  # noqa: S603
        args, env=_pg_environ(alias), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {
                "program": Path(args[0]).name,
                "error": (done.stderr or done.stdout).strip()[-2000:],
            }
        )


def _pg_tables(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = sorted(
            info.name
            for info in connection.introspection.get_table_list(cursor)
            if info.type == "t"
        )
        counts = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def _pg_dump(target: Path, alias: str) -> dict[str, int]:
    """`pg_dump -Fc` of one snapshot, exported by a repeatable-read transaction
    in which the rows of the manifest are counted too: what is in the dump is
    exactly what the manifest says, while the site keeps writing."""
    program = _pg_program("pg_dump")
    connection = connections[alias]
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        tables = _pg_tables(alias)
        _pg_run(
            [
                program,
                "--format=custom",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
            ],
            alias,
        )
    return tables


def _pg_other_connections(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def _pg_restore(dump: Path, expected: dict[str, int], alias: str) -> None:
    """Restore the dump in one transaction (`--clean` drops and recreates what
    the dump holds): if it fails, the database is left as it was. Tables the
    backup does not have (e.g. of later migrations) are dropped first, as they
    could hold references to the tables being replaced."""
    program = _pg_program("pg_restore")
    _pg_run([program, "--list", str(dump)], alias)  # a readable archive first
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        for info in connection.introspection.get_table_list(cursor):
            if info.name not in expected:
                kind = "VIEW" if info.type == "v" else "TABLE"
                cursor.execute(
                    f"DROP {kind} IF EXISTS "
                    f"{connection.ops.quote_name(info.name)} CASCADE"
                )
    connection.close()
    _pg_run(
        [
            program,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            _pg_environ(alias)["PGDATABASE"],
            str(dump),
        ],
        alias,
    )


# Media ---------------------------------------------------------------------------


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        path for path in root.rglob("*") if path.is_file() and not path.is_symlink()
    )


# Backup --------------------------------------------------------------------------


def _migrations(alias: str) -> dict[str, str]:
    recorder = MigrationRecorder(connections[alias])
    if not recorder.has_table():
        return {}
    last: dict[str, str] = {}
    for app, name in recorder.applied_migrations():
        if name > last.get(app, ""):
            last[app] = name
    return dict(sorted(last.items()))


def backup_create(*, output: Path, alias: str = "default") -> tuple[Path, dict]:
    """Write one archive of the database and the media folder into `output`;
    return its path and manifest."""
    engine = _engine(alias)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    now = timezone.now().astimezone(datetime.UTC)
    archive = output / f"teixit-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"
    number = 1
    while archive.exists():
        number += 1
        archive = output / f"teixit-backup-{now:%Y%m%dT%H%M%SZ}-{number}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output, prefix=".backup-") as work:
        dump = Path(work) / (SQLITE_MEMBER if engine == "sqlite" else POSTGRES_MEMBER)
        if engine == "sqlite":
            tables = _sqlite_dump(dump, alias)
        else:
            tables = _pg_dump(dump, alias)
        media = []
        for path in _media_files(media_root):
            try:
                media.append((path, path.stat().st_size))
            except FileNotFoundError:  # removed meanwhile
                continue
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": engine,
            "django": django.get_version(),
            "migrations": _migrations(alias),
            "database": {
                "file": dump.name,
                "tables": tables,
                "rows": sum(tables.values()),
            },
            "media": {"files": len(media), "bytes": sum(size for _p, size in media)},
        }
        partial = archive.with_name(archive.name + ".partial")
        # Readable by its owner only: it holds every account's password hash.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with (
                open(descriptor, "wb") as out,
                tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar,
            ):
                _write_archive(tar, dump, media, media_root, manifest, now)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, archive)
    return archive, manifest


def _write_archive(tar, dump, media, media_root, manifest, now) -> None:
    tar.add(dump, arcname=dump.name)
    for path, size in media:
        arcname = f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}"
        try:
            tar.add(path, arcname=arcname, recursive=False)
        except FileNotFoundError:  # removed meanwhile
            manifest["media"]["files"] -= 1
            manifest["media"]["bytes"] -= size
    # Last, so that it counts exactly what the archive holds.
    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size = len(data)
    info.mtime = int(now.timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


# Restore -------------------------------------------------------------------------


def backup_manifest(archive: Path) -> dict:
    """The manifest of an archive (BackupError if it is not a Teixit backup)."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.load(tar.extractfile(member))
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(
            _("%(archive)s is not a Teixit backup: %(error)s")
            % {"archive": archive, "error": exc}
        ) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(archive)s has a backup format this version cannot read.")
            % {"archive": archive}
        )
    return manifest


def _extract(archive: Path, target: Path) -> None:
    with tarfile.open(archive, "r:*") as tar:
        tar.extractall(target, filter="data")


def _compare(expected: dict[str, int], found: dict[str, int]) -> None:
    wrong = [
        _("%(table)s: %(found)s rows instead of %(expected)s")
        % {"table": name, "found": found.get(name, 0), "expected": count}
        for name, count in sorted(expected.items())
        if found.get(name) != count
    ]
    wrong += [
        _("%(table)s: a table the backup does not have") % {"table": name}
        for name in sorted(set(found) - set(expected))
    ]
    if wrong:
        raise BackupError(
            _("The database does not match the backup's manifest: %(errors)s")
            % {"errors": "; ".join(wrong[:10])}
        )


@contextmanager
def _not_served(*, force: bool):
    """Hold the run lock for the restore; refuse while the site is served,
    unless forced (teixit.core.running)."""
    with ExitStack() as stack:
        try:
            stack.enter_context(serving_lock_exclusive())
        except SiteRunning as exc:
            if not force:
                raise BackupError(
                    _(
                        "The site is running (a web server or background worker "
                        "holds %(lock)s): stop them first, or use --force."
                    )
                    % {"lock": exc}
                ) from None
        yield


def _replace_media(source: Path, root: Path) -> int:
    """Make `root` hold exactly the files under `source` (moved, not copied)."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if source.is_dir():
        for entry in source.iterdir():
            shutil.move(str(entry), root / entry.name)
    return len(_media_files(root))


def backup_restore(
    *, archive: Path, force: bool = False, alias: str = "default"
) -> Restored:
    """Replace the database and the media folder by those of `archive`."""
    archive = Path(archive)
    manifest = backup_manifest(archive)
    engine = _engine(alias)
    if manifest.get("engine") != engine:
        raise BackupError(
            _(
                "This backup is of a %(archived)s database; the site uses "
                "%(engine)s. Restore it into a %(archived)s database."
            )
            % {"archived": manifest.get("engine"), "engine": engine}
        )
    expected = manifest["database"]["tables"]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with (
        _not_served(force=force),
        tempfile.TemporaryDirectory(
            dir=media_root.parent, prefix=".teixit-restore-"
        ) as work,
    ):
        if engine == "postgresql" and not force:
            others = _pg_other_connections(alias)
            if others:
                raise BackupError(
                    _(
                        "%(count)s other connections to the database are open "
                        "(a web server or worker on another machine?): stop "
                        "them first, or use --force."
                    )
                    % {"count": others}
                )
        work = Path(work)
        try:
            _extract(archive, work)
        except (OSError, tarfile.TarError) as exc:
            raise BackupError(
                _("%(archive)s cannot be read: %(error)s")
                % {"archive": archive, "error": exc}
            ) from exc
        dump = work / manifest["database"]["file"]
        if dump.name not in (SQLITE_MEMBER, POSTGRES_MEMBER) or not dump.is_file():
            raise BackupError(
                _("%(archive)s has no database copy.") % {"archive": archive}
            )
        extracted_media = len(_media_files(work / MEDIA_MEMBER))
        if extracted_media != manifest["media"]["files"]:
            raise BackupError(
                _("%(archive)s has %(found)s media files instead of %(expected)s.")
                % {
                    "archive": archive,
                    "found": extracted_media,
                    "expected": manifest["media"]["files"],
                }
            )
        if engine == "sqlite":
            # The copy is checked before the live database is touched.
            _compare(expected, _sqlite_check(dump))
            _sqlite_restore(dump, alias)
            tables = _sqlite_check(_sqlite_path(alias))
        else:
            _pg_restore(dump, expected, alias)
            tables = _pg_tables(alias)
        _compare(expected, tables)
        media_files = _replace_media(work / MEDIA_MEMBER, media_root)
        if media_files != manifest["media"]["files"]:
            raise BackupError(
                _("The media folder has %(found)s files instead of %(expected)s.")
                % {"found": media_files, "expected": manifest["media"]["files"]}
            )
    return Restored(manifest=manifest, tables=tables, media_files=media_files)
