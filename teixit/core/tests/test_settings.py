"""Item 2: SQLite done right; production refuses to start unsafe and passes
`manage.py check --deploy` without a warning (test_production_crawl.py). Run in subprocesses so each gets
its own settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _env(**extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))
    }
    env.update(extra)
    return env


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sqlite_file_database_has_wal_busy_timeout_and_foreign_keys(tmp_path):
    script = (
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "for pragma in ('journal_mode', 'busy_timeout', 'foreign_keys'):\n"
        "    cursor.execute('PRAGMA ' + pragma)\n"
        "    print(pragma, cursor.fetchone()[0])\n"
    )
    result = _run(
        ["manage.py", "shell", "--no-imports", "-c", script],
        _env(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=f"sqlite:///{tmp_path / 'teixit.sqlite3'}",
        ),
    )
    assert result.returncode == 0, result.stderr
    values = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert values["journal_mode"] == "wal"
    assert int(values["busy_timeout"]) >= 5000
    assert values["foreign_keys"] == "1"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without(missing, tmp_path):
    env = _env(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="teixit.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    del env[missing]
    result = _run(["-c", "import config.settings.production"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_settings_refuse_a_short_secret_key(tmp_path):
    env = _env(
        DJANGO_SECRET_KEY="too-short",
        DJANGO_ALLOWED_HOSTS="teixit.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = _run(["-c", "import config.settings.production"], env)
    assert "ImproperlyConfigured" in result.stderr


def test_production_cookies_are_secure(tmp_path):
    script = (
        "from django.conf import settings as s\n"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.DEBUG, s.STORAGES['staticfiles']['BACKEND'])\n"
    )
    env = _env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="teixit.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = _run(["manage.py", "shell", "--no-imports", "-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "True", "True", "False", "teixit.core.storage.StaticFilesStorage",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "(20000, 20, 20)"),
        ("5000,10,10", "(5000, 10, 10)"),
        ("", "python's"),
    ],
)
def test_garbage_collector_thresholds_set_at_start(value, expected):
    """Every process that sets Django up (the servers, the worker, commands)
    sets Python's collector thresholds from TEIXIT_GC_THRESHOLDS; empty keeps
    this Python's own (700,10,10 on 3.11, 2000,10,10 on 3.13)."""
    extra = {"DJANGO_SETTINGS_MODULE": "config.settings.local"}
    if value is not None:
        extra["TEIXIT_GC_THRESHOLDS"] = value
    env = _env(**extra)
    if value is None:
        env.pop("TEIXIT_GC_THRESHOLDS", None)
    if expected == "python's":
        plain = _run(["-c", "import gc; print(gc.get_threshold())"], env)
        expected = plain.stdout.strip()
        assert expected.startswith("(")
    code = "import django, gc; django.setup(); print(gc.get_threshold())"
    result = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
