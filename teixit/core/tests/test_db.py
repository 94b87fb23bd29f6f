import pytest
from django.db import connection

from teixit.core.db import sqlite_without_mmap


@pytest.fixture
def file_database(db, tmp_path):
    """A connection to a SQLite file with the project's settings (the test
    database itself may be in memory, where nothing is mapped)."""
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite setting")
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper(
        {**connection.settings_dict, "NAME": str(tmp_path / "db.sqlite3")}, alias="file"
    )
    yield wrapper
    wrapper.close()


def _mmap_size(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        return int(cursor.fetchone()[0])


def test_long_scans_read_sqlite_without_mmap_and_restore_it(file_database):
    before = _mmap_size(file_database)
    assert before == 134217728  # settings map the first 128 MB
    with sqlite_without_mmap(file_database):
        assert _mmap_size(file_database) == 0
    assert _mmap_size(file_database) == before
    with pytest.raises(ZeroDivisionError), sqlite_without_mmap(file_database):
        1 / 0  # noqa: B018
    assert _mmap_size(file_database) == before
