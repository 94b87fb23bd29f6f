"""Issue 10, point 2: configuration errors say what is wrong.

A bad or missing DATABASE_URL stops the settings with a message naming it; the
deployment checks (teixit.core.checks: `check --deploy` and the application's
start) find an unreachable or unmigrated database, a SQLite file in a folder
that cannot be written, a media folder that cannot be written, missing static
files, a shared cache that cannot be reached, a weak secret key,
ALLOWED_HOSTS=*, and a cache local to each process.
Database cases run `manage.py` in a subprocess (their own settings); the others
call the checks with overridden settings."""

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from teixit.conftest import skip_or_fail
from teixit.core import checks

from . import servers
from .servers import manage

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "teixit.core.storage.StaticFilesStorage"},
}


def production_env(tmp_path: Path, **extra: str) -> dict:
    """Production settings that pass every check but the one a test breaks."""
    env = servers.production_env(tmp_path, **extra)
    (tmp_path / "static" / "staticfiles.json").write_text(
        '{"paths": {}, "version": "1.1"}'
    )
    return env


def read_only_folder(tmp_path: Path) -> Path:
    """A folder where no file can be created, for this user."""
    if os.geteuid() == 0:
        return Path("/sys")  # root ignores file modes; sysfs still refuses new files
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def ids(messages) -> set[str]:
    return {message.id for message in messages}


# DATABASE_URL -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["not-a-url", "postgress://teixit:secret@db/teixit"])
def test_a_database_url_that_is_not_one_is_named_in_the_error(url, tmp_path):
    result = manage(production_env(tmp_path, DATABASE_URL=url), "check")
    assert result.returncode != 0
    assert "KeyError" not in result.stderr
    assert "ImproperlyConfigured: DATABASE_URL is not a database URL" in result.stderr
    assert "secret" not in result.stderr  # the password is masked


def test_production_refuses_to_start_without_database_url(tmp_path):
    env = production_env(tmp_path)
    del env["DATABASE_URL"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: DATABASE_URL must be set in production" in result.stderr
    )


# Database checks (subprocesses) -------------------------------------------------


def test_check_deploy_fails_when_the_database_cannot_be_reached(tmp_path):
    url = "postgres://teixit@127.0.0.1:1/teixit_deploy_unreachable"  # nothing listens
    result = manage(production_env(tmp_path, DATABASE_URL=url), "check", "--deploy")
    assert result.returncode != 0
    assert "(teixit.E001) The database cannot be reached" in result.stderr


def test_check_deploy_fails_when_the_postgres_database_does_not_exist(tmp_path):
    server = servers.postgres_url()
    if server is None:
        skip_or_fail("no PostgreSQL: set TEIXIT_TEST_POSTGRES_URL")
    url = servers.scratch_database_url(server, "missing")
    result = manage(production_env(tmp_path, DATABASE_URL=url), "check", "--deploy")
    assert result.returncode != 0
    assert "(teixit.E001) The database cannot be reached" in result.stderr
    assert "does not exist" in result.stderr


def test_check_deploy_fails_when_migrations_are_not_applied(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy")
    assert result.returncode != 0
    assert "(teixit.E002)" in result.stderr
    assert "manage.py migrate" in result.stderr


@pytest.mark.parametrize(
    "folder, problem",
    [
        (lambda tmp_path: tmp_path / "missing", "does not exist"),
        (read_only_folder, "is not writable"),
    ],
    ids=["missing", "read-only"],
)
def test_check_deploy_fails_when_the_sqlite_folder_cannot_be_written(
    folder, problem, tmp_path
):
    url = f"sqlite:///{folder(tmp_path) / 'db.sqlite3'}"
    result = manage(production_env(tmp_path, DATABASE_URL=url), "check", "--deploy")
    assert result.returncode != 0
    assert "(teixit.E003)" in result.stderr
    assert problem in result.stderr
    assert not (tmp_path / "missing").exists()  # the check created nothing


def test_the_application_does_not_start_on_a_check_error(tmp_path):
    """gunicorn imports config.wsgi: a database without its tables stops it
    with the message, instead of a server answering 500 to every request."""
    sqlite3.connect(tmp_path / "db.sqlite3").close()
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=servers.ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Teixit cannot start" in result.stderr
    assert "(teixit.E002)" in result.stderr


# Files -------------------------------------------------------------------------


def test_media_folder_missing_is_an_error(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "missing"):
        messages = checks.check_files()
    assert "teixit.E004" in ids(messages)
    assert "does not exist" in str(messages)


def test_media_folder_not_writable_is_an_error(tmp_path):
    with override_settings(MEDIA_ROOT=read_only_folder(tmp_path)):
        messages = checks.check_files()
    assert "teixit.E004" in ids(messages)
    assert "is not writable" in str(messages)


def test_a_writable_media_folder_and_collected_static_files_pass(tmp_path):
    media_root, static_root = tmp_path / "media", tmp_path / "static"
    media_root.mkdir()
    static_root.mkdir()
    (static_root / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    with override_settings(
        MEDIA_ROOT=media_root, STATIC_ROOT=static_root, STORAGES=MANIFEST_STORAGES
    ):
        assert checks.check_files() == []
    assert list(media_root.iterdir()) == []  # the writing probe is gone


def test_static_folder_missing_is_an_error(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path, STATIC_ROOT=tmp_path / "static"):
        messages = checks.check_files()
    assert ids(messages) == {"teixit.E005"}


def test_static_manifest_missing_is_an_error(tmp_path):
    (tmp_path / "static").mkdir()
    with override_settings(
        MEDIA_ROOT=tmp_path, STATIC_ROOT=tmp_path / "static", STORAGES=MANIFEST_STORAGES
    ):
        messages = checks.check_files()
    assert ids(messages) == {"teixit.E005"}
    assert "staticfiles.json" in str(messages)


# Settings warnings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "abcde" * 10,
        "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
        "change-me-to-a-long-random-string-of-at-least-fifty-characters",
    ],
)
def test_a_weak_secret_key_gets_a_warning(key):
    with override_settings(SECRET_KEY=key, ALLOWED_HOSTS=["teixit.example.org"]):
        messages = checks.check_settings()
    assert "teixit.W001" in ids(messages)


# Named by how the key is made, not by the key: pytest-xdist's workers each
# collect the suite and must find the same test names.
@pytest.mark.parametrize(
    "make_key",
    [
        lambda: secrets.token_urlsafe(64),
        lambda: secrets.token_hex(32),
        lambda: secrets.token_urlsafe(38),
    ],
    ids=["token_urlsafe-64", "token_hex-32", "token_urlsafe-38"],
)
def test_a_random_secret_key_gets_no_warning(make_key):
    key = make_key()
    with override_settings(SECRET_KEY=key, ALLOWED_HOSTS=["teixit.example.org"]):
        assert "teixit.W001" not in ids(checks.check_settings())


def test_allowed_hosts_star_gets_a_warning():
    with override_settings(ALLOWED_HOSTS=["*"], SECRET_KEY=secrets.token_urlsafe(64)):
        assert "teixit.W002" in ids(checks.check_settings())


def test_a_cache_local_to_each_process_gets_a_warning():
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/1",
        }
    }
    with override_settings(CACHES=local):
        assert "teixit.W003" in ids(checks.check_settings())
    with override_settings(CACHES=shared):
        assert "teixit.W003" not in ids(checks.check_settings())


def test_a_shared_cache_that_cannot_be_reached_is_an_error():
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/1",  # nothing listens
        }
    }
    with override_settings(CACHES=unreachable):
        messages = checks.check_cache()
    assert ids(messages) == {"teixit.E006"}
    assert "The cache cannot be reached" in messages[0].msg
