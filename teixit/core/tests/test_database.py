import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-only settings")
def test_sqlite_connection_has_foreign_keys_and_busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


def test_sqlite_file_database_uses_wal(tmp_path):
    import sqlite3

    from django.conf import settings

    init = settings.DATABASES["default"].get("OPTIONS", {}).get("init_command", "")
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only settings")
    db = sqlite3.connect(tmp_path / "x.sqlite3")
    db.executescript(init)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
