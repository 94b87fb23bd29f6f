"""System checks of a deployment: what would otherwise make every request a 500.

Registered by CoreConfig.ready() as deployment checks, so ``manage.py check
--deploy`` runs them, and run again when the WSGI/ASGI application starts
with ``TEIXIT_CHECK_AT_START`` (production): errors stop the start with their
message, warnings are logged (``check_at_start``).

Errors: the database cannot be reached (E001), migrations are not applied
(E002), the SQLite file's folder is missing or not writable (E003), the media
folder is missing or not writable (E004), collected static files or their
manifest are missing (E005), the shared cache cannot be reached (E006). Warnings: a weak ``DJANGO_SECRET_KEY`` (W001),
``ALLOWED_HOSTS`` with ``*`` (W002), a cache local to each process (W003).

Messages are for the operator and, like Django's own checks, in English.
"""

import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

TAG = "teixit"
logger = logging.getLogger(__name__)

# Placeholders that ship with the project: never a production key.
KNOWN_PLACEHOLDER_KEYS = {
    "change-me-to-a-long-random-string-of-at-least-fifty-characters",
    "local-insecure-key-change-me-in-production",
}
_PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def _write_problem(folder: Path) -> str | None:
    """Why files cannot be written in ``folder`` (tried, not guessed), or None."""
    if not folder.exists():
        return "does not exist"
    if not folder.is_dir():
        return "is not a folder"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".teixit-check-"):
            pass
    except OSError as exc:
        return f"is not writable ({exc.strerror})"
    return None


def _sqlite_path(name) -> Path | None:
    name = str(name)
    if name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name.removeprefix("file:").split("?", 1)[0]).absolute()


def _sqlite_errors(connection) -> list[checks.CheckMessage]:
    path = _sqlite_path(connection.settings_dict["NAME"])
    if path is None:
        return []
    problem = _write_problem(path.parent)
    if problem:
        return [
            checks.Error(
                f"The folder of the SQLite database {path} {problem}.",
                hint="SQLite writes its journal (-wal, -shm) beside the database "
                "file: create the folder and let the user that runs Teixit write "
                "in it, or fix DATABASE_URL.",
                id="teixit.E003",
            )
        ]
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return [
            checks.Error(
                f"The SQLite database {path} is not writable.",
                hint="Let the user that runs Teixit read and write it.",
                id="teixit.E003",
            )
        ]
    return []


def _pending_migrations(connection) -> list:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


@checks.register(TAG, deploy=True)
def check_database(app_configs=None, **kwargs):
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        errors = _sqlite_errors(connection)
        if errors:
            return errors
    try:
        connection.ensure_connection()
    except Exception as exc:  # each backend raises its own errors
        return [
            checks.Error(
                f"The database cannot be reached: {str(exc).strip()}",
                hint="Check DATABASE_URL (host, port, name, user, password) and "
                "that the database server is running and the database exists.",
                id="teixit.E001",
            )
        ]
    plan = _pending_migrations(connection)
    if plan:
        first = plan[0][0]
        return [
            checks.Error(
                f"{len(plan)} migration(s) are not applied to the database "
                f"(the first: {first.app_label}.{first.name}).",
                hint="Run `manage.py migrate`.",
                id="teixit.E002",
            )
        ]
    return []


@checks.register(TAG, deploy=True)
def check_files(app_configs=None, **kwargs):
    errors = []
    media_root = Path(settings.MEDIA_ROOT)
    problem = _write_problem(media_root)
    if problem:
        errors.append(
            checks.Error(
                f"The media folder (DJANGO_MEDIA_ROOT) {media_root} {problem}.",
                hint="Uploads are written there: create it and let the user that "
                "runs Teixit write in it.",
                id="teixit.E004",
            )
        )
    if not settings.DEBUG:
        errors.extend(_static_errors())
    return errors


def _static_errors() -> list[checks.CheckMessage]:
    from django.contrib.staticfiles.storage import (
        ManifestFilesMixin,
        staticfiles_storage,
    )

    static_root = Path(settings.STATIC_ROOT)
    if not static_root.is_dir():
        missing = f"The static files folder (DJANGO_STATIC_ROOT) {static_root} does not exist."
    elif (
        isinstance(staticfiles_storage, ManifestFilesMixin)
        and not (static_root / staticfiles_storage.manifest_name).is_file()
    ):
        missing = f"The static files manifest {static_root / staticfiles_storage.manifest_name} does not exist."
    else:
        return []
    return [
        checks.Error(
            missing,
            hint="Run `manage.py collectstatic --no-input` with the same settings: "
            "without it every page answers 500.",
            id="teixit.E005",
        )
    ]


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is a weak secret key, or None.

    Django's own check (security.W009) accepts any 50 characters with 5 distinct
    ones, such as "abcde" × 10. A key is weak here when it is a placeholder
    shipped with the project, has fewer than 10 distinct characters, or repeats
    itself (fewer than three quarters of its 4-character pieces differ)."""
    if key in KNOWN_PLACEHOLDER_KEYS:
        return "it is the placeholder shipped with Teixit"
    if len(set(key)) < 10:
        return f"it has only {len(set(key))} distinct characters"
    pieces = [key[i : i + 4] for i in range(len(key) - 3)]
    if pieces and len(set(pieces)) < len(pieces) * 3 / 4:
        return "it repeats itself"
    return None


@checks.register(TAG, deploy=True)
def check_settings(app_configs=None, **kwargs):
    warnings = []
    weakness = secret_key_weakness(settings.SECRET_KEY or "")
    if weakness:
        warnings.append(
            checks.Warning(
                f"DJANGO_SECRET_KEY is weak: {weakness}.",
                hint='Generate one: python -c "import secrets; '
                'print(secrets.token_urlsafe(64))"',
                id="teixit.W001",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        warnings.append(
            checks.Warning(
                "DJANGO_ALLOWED_HOSTS contains '*': any Host header is accepted, "
                "so links in e-mails (password resets) can point to another site.",
                hint="List the host names the site serves.",
                id="teixit.W002",
            )
        )
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.DEBUG and backend in _PROCESS_LOCAL_CACHES:
        warnings.append(
            checks.Warning(
                "The cache is local to each process: with more than one gunicorn "
                "worker or server, each sees its own copy and changes show late.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1 "
                "(docs/deploy.md).",
                id="teixit.W003",
            )
        )
    return warnings


@checks.register(TAG, deploy=True)
def check_cache(app_configs=None, **kwargs):
    if settings.CACHES["default"]["BACKEND"] in _PROCESS_LOCAL_CACHES:
        return []
    from django.core.cache import cache

    try:
        cache.set("teixit:check", "ok", 10)
        reached = cache.get("teixit:check") == "ok"
    except Exception as exc:  # each backend raises its own errors
        reached, reason = False, str(exc).strip()
    else:
        reason = "a value written could not be read back"
    if reached:
        return []
    return [
        checks.Error(
            f"The cache cannot be reached: {reason}",
            hint="Check CACHE_URL and that the cache server (Redis) is running.",
            id="teixit.E006",
        )
    ]


def check_at_start() -> None:
    """Run these checks when the application starts (``TEIXIT_CHECK_AT_START``).

    Errors raise ImproperlyConfigured with every message, so the server does not
    start and answer 500 to every request; warnings are logged. The database
    connection the checks opened is closed, so none is shared by processes that
    fork afterwards (gunicorn --preload)."""
    if not getattr(settings, "TEIXIT_CHECK_AT_START", False):
        return
    try:
        messages = checks.run_checks(include_deployment_checks=True, tags=[TAG])
    finally:
        connections.close_all()
    errors = [m for m in messages if m.is_serious()]
    for message in messages:
        if not message.is_serious():
            logger.warning("%s", message)
    if errors:
        raise ImproperlyConfigured(
            "Teixit cannot start:\n" + "\n".join(str(error) for error in errors)
        )
