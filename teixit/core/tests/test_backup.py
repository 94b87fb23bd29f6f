"""`manage.py backup` and `manage.py restore` (issue 10, point 3): round trips on
SQLite and PostgreSQL with writes going on during the backup, the refusal to
restore under a running site, and a leftover `-wal` that must not be replayed.

The commands run as separate processes against a database of their own, as an
operator runs them, while a thread writes rows. They speak the site's default
language (Catalan): the tests check what they do and the names they print,
not their sentences."""

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import environ
import pytest
from django.conf import settings

from .servers import xdist_worker_suffix


def manage(*args, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


SERVERS = {
    # The site's WSGI application, as gunicorn (or runserver) loads it.
    "wsgi": "import time, config.wsgi; print('serving', flush=True); time.sleep(300)",
    # Django set up as `manage.py db_worker` sets it up (the worker's own loop
    # needs its tables, which this database does not have).
    "db_worker": (
        "import sys, time, django; sys.argv = ['manage.py', 'db_worker']; "
        "django.setup(); print('serving', flush=True); time.sleep(300)"
    ),
}


def serving(env: dict, kind: str = "wsgi") -> subprocess.Popen:
    """A process that serves the site."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SERVERS[kind]],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout.readline().strip() == b"serving"
    return process


def archive_of(output: Path) -> Path:
    (archive,) = output.glob("teixit-backup-*.tar.gz")
    return archive


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


class Writer(threading.Thread):
    """Inserts rows one committed transaction at a time until stopped;
    `committed` lists the ids whose commit has returned."""

    def __init__(self, connect, insert_sql: str) -> None:
        super().__init__(daemon=True)
        self.connect = connect
        self.insert_sql = insert_sql
        self.committed: list[int] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            db = self.connect()
            try:
                while not self.stop.is_set():
                    self.committed.append(self.insert(db))
                    time.sleep(0.002)
            finally:
                db.close()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc

    def insert(self, db) -> int:
        cursor = db.cursor()
        cursor.execute(self.insert_sql, ("during",))
        new_id = cursor.fetchone()[0]
        db.commit()
        return new_id


def make_media(root: Path) -> dict[str, bytes]:
    files = {
        "network/logo.png": b"\x89PNG fake logo",
        "private/workplans/evidence.pdf": b"%PDF-1.4 evidence",
        "diagnosis/2026/annex.txt": "Annex àèò".encode(),
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def assert_media(root: Path, files: dict[str, bytes]) -> None:
    found = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }
    assert found == files


# SQLite ---------------------------------------------------------------------------


def sqlite_site(tmp_path) -> tuple[Path, dict]:
    db_path = tmp_path / "site" / "db.sqlite3"
    db_path.parent.mkdir()
    media = tmp_path / "site" / "media"
    env = {"DATABASE_URL": f"sqlite:///{db_path}", "DJANGO_MEDIA_ROOT": str(media)}
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    # Some bulk, so that the copy takes a moment while the writer goes on.
    db.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)")
    db.executemany("INSERT INTO blobs (data) VALUES (?)", [(os.urandom(4000),)] * 5000)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return db_path, env


def sqlite_connect(db_path: Path):
    def connect():
        db = sqlite3.connect(db_path, timeout=30, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA wal_autocheckpoint=0")  # committed rows stay in the -wal
        return db

    return connect


def sqlite_ids(db_path: Path) -> list[int]:
    db = sqlite3.connect(db_path)
    try:
        return [row[0] for row in db.execute("SELECT id FROM notes ORDER BY id")]
    finally:
        db.close()


def test_sqlite_backup_while_writing_restores_every_committed_row(tmp_path):
    db_path, env = sqlite_site(tmp_path)
    media = Path(env["DJANGO_MEDIA_ROOT"])
    files = make_media(media)
    connect = sqlite_connect(db_path)
    # Three committed rows that only the -wal file holds (the copy of the
    # database file by hand lost them).
    holder = connect()
    for text in ("one", "two", "three"):
        holder.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        holder.commit()
    assert Path(f"{db_path}-wal").stat().st_size > 0
    writer = Writer(connect, "INSERT INTO notes (text) VALUES (?) RETURNING id")
    writer.start()
    time.sleep(0.3)
    before = list(writer.committed)
    manage("backup", "--output", str(tmp_path / "out"), env=env)
    after_backup = len(writer.committed)
    time.sleep(0.2)
    writer.stop.set()
    writer.join()
    holder.close()
    assert writer.error is None
    assert len(writer.committed) > after_backup > len(before) > 0

    archive = archive_of(tmp_path / "out")
    assert archive.stat().st_mode & 0o077 == 0  # only its owner reads it
    manifest = manifest_of(archive)
    assert manifest["engine"] == "sqlite"
    assert manifest["media"] == {
        "files": 3,
        "bytes": sum(len(data) for data in files.values()),
    }
    counted = manifest["database"]["tables"]["notes"]
    assert counted >= 3 + len(before)

    # The site changes after the backup, and a writer killed with -9 leaves
    # its -wal behind (committed frames a restore must not replay).
    (media / "network" / "logo.png").write_bytes(b"a newer logo")
    (media / "later.txt").write_bytes(b"after the backup")
    crashed = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import sqlite3, time, sys\n"
            f"db = sqlite3.connect({str(db_path)!r})\n"
            "db.execute('PRAGMA journal_mode=WAL')\n"
            "db.execute('PRAGMA wal_autocheckpoint=0')\n"
            "db.execute(\"INSERT INTO notes (text) VALUES ('stale')\")\n"
            "db.execute('DELETE FROM notes WHERE id <= 3')\n"
            "db.commit()\n"
            "print('written', flush=True)\n"
            "time.sleep(300)\n",
        ],
        stdout=subprocess.PIPE,
    )
    assert crashed.stdout.readline().strip() == b"written"
    os.kill(crashed.pid, signal.SIGKILL)
    crashed.wait()
    assert Path(f"{db_path}-wal").exists()

    done = manage("restore", "--no-input", str(archive), env=env)
    assert archive.name in done.stdout

    ids = sqlite_ids(db_path)
    # A consistent snapshot of sequential commits: rows 1..N, nothing else.
    assert ids == list(range(1, counted + 1))
    assert set(before) <= set(ids)
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM notes WHERE text = 'stale'").fetchone() == (
        0,
    )
    assert db.execute("SELECT count(*) FROM blobs").fetchone() == (5000,)
    db.close()
    assert_media(media, files)


def test_the_worker_holds_the_run_lock_too(tmp_path):
    db_path, env = sqlite_site(tmp_path)
    manage("backup", "--output", str(tmp_path / "out"), env=env)
    worker = serving(env, "db_worker")
    try:
        refused = manage(
            "restore",
            "--no-input",
            str(archive_of(tmp_path / "out")),
            env=env,
            check=False,
        )
        assert refused.returncode == 1
        assert "db.sqlite3.running" in refused.stderr
    finally:
        worker.kill()
        worker.wait()


def test_sqlite_restore_refuses_while_the_site_runs_unless_forced(tmp_path):
    db_path, env = sqlite_site(tmp_path)
    media = Path(env["DJANGO_MEDIA_ROOT"])
    files = make_media(media)
    sqlite_connect(db_path)().close()
    manage("backup", "--output", str(tmp_path / "out"), env=env)
    archive = archive_of(tmp_path / "out")
    db = sqlite_connect(db_path)()
    db.execute("INSERT INTO notes (text) VALUES ('after the backup')")
    db.commit()
    db.close()

    server = serving(env)
    try:
        refused = manage("restore", "--no-input", str(archive), env=env, check=False)
        assert refused.returncode == 1
        assert "db.sqlite3.running" in refused.stderr  # the lock it could not take
        assert "--force" in refused.stderr
        assert sqlite_ids(db_path) == [1]  # nothing changed

        manage("restore", "--no-input", "--force", str(archive), env=env)
        assert sqlite_ids(db_path) == []
    finally:
        server.kill()
        server.wait()
    # Once it has stopped (even killed), no --force is needed.
    manage("restore", "--no-input", str(archive), env=env)
    assert_media(media, files)


def test_restore_refuses_a_damaged_archive_and_changes_nothing(tmp_path):
    db_path, env = sqlite_site(tmp_path)
    manage("backup", "--output", str(tmp_path / "out"), env=env)
    archive = archive_of(tmp_path / "out")
    manifest = manifest_of(archive)
    manifest["database"]["tables"]["notes"] = 7  # says more than the copy holds
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member, source.extractfile(member))
    db = sqlite_connect(db_path)()
    db.execute("INSERT INTO notes (text) VALUES ('kept')")
    db.commit()
    db.close()

    refused = manage("restore", "--no-input", str(forged), env=env, check=False)
    assert refused.returncode == 1
    assert "notes: 0 " in refused.stderr and " 7" in refused.stderr
    assert sqlite_ids(db_path) == [1]

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    refused = manage("restore", "--no-input", str(not_a_backup), env=env, check=False)
    assert refused.returncode == 1
    assert "notes.txt" in refused.stderr


# PostgreSQL -----------------------------------------------------------------------


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture
def scratch_postgres():
    """A database of this test's own beside the suite's: `<name>_roundtrip`
    (`_roundtrip_gwN` under pytest-xdist)."""
    url = postgres_url()
    if url is None:
        pytest.skip("runs with the PostgreSQL suite (DATABASE_URL=postgres://…)")
    import psycopg

    conf = environ.Env.db_url_config(url)
    name = f"{conf['NAME']}_roundtrip{xdist_worker_suffix()}"
    params = {
        "host": conf.get("HOST") or None,
        "port": conf.get("PORT") or None,
        "user": conf.get("USER") or None,
        "password": conf.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    def connect(**extra):
        return psycopg.connect(dbname=name, **params, **extra)

    scratch_url = url.rsplit("/", 1)[0] + "/" + name
    yield scratch_url, connect
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgres_backup_while_writing_restores_every_committed_row(
    tmp_path, scratch_postgres
):
    url, connect = scratch_postgres
    media = tmp_path / "media"
    files = make_media(media)
    # Its own run lock: on PostgreSQL the default is one file per checkout,
    # which a server started by a test on another xdist worker may hold.
    env = {
        "DATABASE_URL": url,
        "DJANGO_MEDIA_ROOT": str(media),
        "TEIXIT_RUN_LOCK_FILE": str(tmp_path / "run.lock"),
    }
    with connect() as db:
        db.execute(
            "CREATE TABLE notes (id bigint GENERATED BY DEFAULT AS IDENTITY "
            "PRIMARY KEY, text text NOT NULL)"
        )
        db.execute(
            "CREATE TABLE blobs (id serial PRIMARY KEY, data text);"
            "INSERT INTO blobs (data) SELECT md5(i::text) FROM generate_series(1, 50000) i"
        )
        db.execute("INSERT INTO notes (text) VALUES ('one'), ('two'), ('three')")
    writer = Writer(connect, "INSERT INTO notes (text) VALUES (%s) RETURNING id")
    writer.start()
    time.sleep(0.3)
    before = list(writer.committed)
    manage("backup", "--output", str(tmp_path / "out"), env=env)
    after_backup = len(writer.committed)
    time.sleep(0.2)
    writer.stop.set()
    writer.join()
    assert writer.error is None
    assert len(writer.committed) > after_backup > len(before) > 0

    archive = archive_of(tmp_path / "out")
    manifest = manifest_of(archive)
    assert manifest["engine"] == "postgresql"
    counted = manifest["database"]["tables"]["notes"]
    assert counted >= 3 + len(before)
    assert manifest["database"]["tables"]["blobs"] == 50000

    with connect() as db:
        db.execute("DELETE FROM notes WHERE id <= 3")
        db.execute("INSERT INTO notes (text) VALUES ('after the backup')")
        db.execute("CREATE TABLE newer (id int)")  # e.g. a later migration
    (media / "later.txt").write_bytes(b"after the backup")

    # Another connection open (a server on another machine): refused.
    with connect() as other:
        refused = manage("restore", "--no-input", str(archive), env=env, check=False)
        assert refused.returncode == 1
        assert "--force" in refused.stderr
        assert other.execute("SELECT count(*) FROM notes WHERE id <= 3").fetchone() == (
            0,
        )

    done = manage("restore", "--no-input", str(archive), env=env)
    assert archive.name in done.stdout
    with connect() as db:
        ids = [row[0] for row in db.execute("SELECT id FROM notes ORDER BY id")]
        assert ids == list(range(1, counted + 1))
        assert set(before) <= set(ids)
        assert db.execute("SELECT count(*) FROM blobs").fetchone() == (50000,)
        assert db.execute("SELECT to_regclass('newer')").fetchone()[0] is None
        # The sequence goes on after the restored rows.
        new_id = db.execute(
            "INSERT INTO notes (text) VALUES ('new') RETURNING id"
        ).fetchone()[0]
        assert new_id > counted
    assert_media(media, files)
