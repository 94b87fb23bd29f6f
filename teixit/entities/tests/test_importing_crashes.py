"""What a crash leaves behind: a killed import's reading process and a batch
whose worker is gone (issue 10, points 14 and 15)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings

# A process that starts an import's reading child the way a large import does
# (`EntityImport._chunks_from_reader`), receives one chunk and then stops
# reading, as a writer busy with the database would: the child fills the pipe.
PARENT = textwrap.dedent(
    """
    import os, sys, time
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from teixit.entities.importing import EntityImport

    class EndlessFile:
        def _chunks(self, validator):
            with open(sys.argv[1], "w") as out:
                out.write(str(os.getpid()))
            line = 0
            while True:
                line += 1
                yield line, [], []

    chunks = EntityImport._chunks_from_reader(EndlessFile(), None)
    next(chunks)
    print("reading", flush=True)
    time.sleep(600)
    """
)


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_reading_child_exits_when_the_import_is_killed(tmp_path):
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(pid_file)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    try:
        assert parent.stdout.readline().strip() == b"reading"
        child = int(pid_file.read_text())
        time.sleep(0.5)  # the child has filled the pipe and blocks on it
        assert _running(child)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child), "the reading child outlived its killed parent"
    finally:
        parent.kill()
        parent.wait()
        if pid_file.exists() and _running(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)


# A batch whose worker is gone ------------------------------------------------------


def _csv_batch(user, tmp_path, settings, **fields):
    from django.core.files.base import ContentFile

    from teixit.entities.models import ImportBatch

    settings.MEDIA_ROOT = str(tmp_path)
    rows = "".join(f"{n},Coop {n},Barcelona\n" for n in range(5))
    batch = ImportBatch(
        source_name="llista",
        mapping={"columns": {"name": "nom", "municipality": "poble"}, "key": "id"},
        created_by=user,
        **fields,
    )
    batch.file.save(
        "llista.csv", ContentFile(f"id,nom,poble\n{rows}".encode()), save=False
    )
    batch.save()
    return batch


def _left_running(batch, *, beat_age: float):
    """What a worker killed (kill -9) in the middle of a batch leaves: the batch
    row says running (committed before the import's transaction, which died),
    and the progress file it rewrote, plus the half-written next one."""
    import json

    from django.utils import timezone

    from teixit.entities import importing
    from teixit.entities.models import ImportBatch

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING,
        total_rows=5,
        updated_at=timezone.now() - timezone.timedelta(minutes=10),
    )
    progress = importing._progress_path(batch)
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.write_text(
        json.dumps({"done": 2, "total": 5, "beat": time.time() - beat_age})
    )
    progress.with_suffix(".tmp").write_text('{"done": 4, "to')
    return progress


@pytest.mark.django_db
def test_a_batch_whose_worker_was_killed_is_failed_and_runs_again(
    client_for, secretariat_user, places, tmp_path, settings
):
    from django.urls import reverse
    from django.utils import translation

    from teixit.entities.models import Entity, ImportBatch

    settings.TEIXIT_ENTITIES_IMPORT_STALE_SECONDS = 60
    batch = _csv_batch(secretariat_user, tmp_path, settings, dry_run=True)
    progress = _left_running(batch, beat_age=600)
    client = client_for(secretariat_user)

    with translation.override("en"):
        page = client.get(batch.get_absolute_url()).content.decode()
    assert "the background worker running it stopped" in page
    assert "nothing was written" in page
    assert "Run it again" in page
    assert "every 1s" not in page  # the page stops polling
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert not progress.exists()
    assert not progress.with_suffix(".tmp").exists()
    assert batch.file.storage.exists(batch.file.name)  # kept to run it again

    # The list says so too, and the batch runs again with the same choices.
    with translation.override("en"):
        listing = client.get(reverse("entities:import_list")).content.decode()
    assert "badge-failed" in listing
    response = client.post(
        reverse("entities:import_rerun", args=[batch.pk]), {"again": "1"}
    )
    again = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert response.url == again.get_absolute_url()
    assert (again.status, again.dry_run, again.file.name) == (
        ImportBatch.Status.DONE,
        True,
        batch.file.name,
    )
    assert again.report["counts"]["created"] == 5
    assert not Entity.objects.exists()  # it was a dry run


@pytest.mark.django_db
def test_a_running_batch_with_a_recent_heartbeat_keeps_running(
    client_for, secretariat_user, places, tmp_path, settings
):
    from django.utils import translation

    from teixit.entities.models import ImportBatch

    settings.TEIXIT_ENTITIES_IMPORT_STALE_SECONDS = 60
    batch = _csv_batch(secretariat_user, tmp_path, settings)
    progress = _left_running(batch, beat_age=5)
    with translation.override("en"):
        page = client_for(secretariat_user).get(batch.get_absolute_url())
    assert "2 of about 5 rows read" in page.content.decode()
    assert "every 1s" in page.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.RUNNING
    assert progress.exists()


@pytest.mark.django_db
def test_a_running_import_beats_between_its_chunks(
    secretariat_user, places, tmp_path, settings, monkeypatch
):
    """A chunk may take longer than the stale time (a large write): the
    heartbeat does not wait for the chunks."""
    from teixit.entities import importing
    from teixit.entities.models import ImportBatch

    settings.TEIXIT_ENTITIES_IMPORT_HEARTBEAT = 0.05
    settings.TEIXIT_ENTITIES_IMPORT_STALE_SECONDS = 0.5
    batch = _csv_batch(secretariat_user, tmp_path, settings)
    seen = []
    flush = importing.EntityImport._flush

    def slow_flush(self, chunk):
        flush(self, chunk)
        for _ in range(3):
            time.sleep(0.4)
            running = ImportBatch.objects.get(pk=batch.pk)
            seen.append(
                (
                    importing._progress_read(running)["beat"],
                    importing.import_batch_is_stale(running),
                )
            )

    monkeypatch.setattr(importing.EntityImport, "_flush", slow_flush)
    monkeypatch.setattr(importing.EntityImport, "_in_parallel", lambda self: False)
    importing.import_batch_run(batch)
    beats = [beat for beat, _stale in seen]
    assert beats == sorted(beats) and len(set(beats)) == len(beats)
    assert not any(stale for _beat, stale in seen)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE


# The whole story, with a real worker killed --------------------------------------

WORKER_SETTINGS = """
from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TEIXIT_ENTITIES_IMPORT_HEARTBEAT = 0.2
TEIXIT_ENTITIES_IMPORT_STALE_SECONDS = 3
TEIXIT_ENTITIES_IMPORT_CHUNK = 500
"""

SETUP = """
from django.core.files.base import File
from teixit.accounts.models import User
from teixit.entities.models import ImportBatch
from teixit.entities.tasks import entity_import_run

user = User.objects.create_superuser(email="admin@example.org", password="x")
batch = ImportBatch(
    source_name="cens",
    mapping={"columns": {"name": "nom", "municipality": "poble"}, "key": "id"},
    created_by=user,
)
with open(CSV, "rb") as f:
    batch.file.save("cens.csv", File(f), save=False)
batch.save()
entity_import_run.enqueue(batch_id=batch.pk)
print(batch.pk)
"""

LOOK = """
from teixit.entities.importing import import_batch_fail_if_stale
from teixit.entities.models import ImportBatch

print(import_batch_fail_if_stale(ImportBatch.objects.get(pk=PK)).status)
"""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no reading child")
@pytest.mark.django_db(transaction=True)  # the database set up, copied below
def test_killing_the_worker_mid_import_leaves_no_process_and_a_failed_batch(
    tmp_path, django_db_setup, django_db_blocker
):
    """db_worker runs a large import (a reading child beside it); kill -9 the
    worker: the child is gone within seconds, and once the heartbeat is stale
    the batch is marked failed and its progress files are removed."""
    import sqlite3

    (tmp_path / "worker_settings.py").write_text(WORKER_SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "TEIXIT_ENTITIES_IMPORT_PROCESSES": "2",
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout

    csv = tmp_path / "cens.csv"
    with csv.open("w") as out:
        out.write("id,nom,poble\n")
        for n in range(25_000):
            out.write(f"{n},Cooperativa número {n},Poble {n % 900}\n")
    from django.db import connection

    if connection.vendor == "sqlite":
        # The suite's migrated database, copied (as the scale-out test's
        # servers get it): migrating a new file took half a minute.
        from teixit.core.tests.servers import copy_test_database

        with django_db_blocker.unblock():
            copy_test_database(tmp_path, "worker")
    else:  # the worker's own SQLite file, migrated
        manage("migrate", "--no-input", "-v", "0")
    pk = int(manage("shell", "-c", f"CSV = {str(csv)!r}\n{SETUP}").split()[-1])
    progress = tmp_path / "media" / "private" / "imports" / f"{pk}.progress"

    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*",
         "--interval", "0.2", "--no-reload", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        reader = []
        while time.monotonic() < deadline:
            reader = [
                child
                for child in _children(worker.pid)
                if "teixit-import-reader" in _cmdline_or_name(child)
            ] or _children(worker.pid)
            if reader and progress.exists():
                break
            time.sleep(0.1)
        assert reader and progress.exists(), "the import did not start"
        os.kill(worker.pid, signal.SIGKILL)
        killed = time.monotonic()
        worker.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_running(child) for child in reader) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_running(child) for child in reader)
    finally:
        worker.kill()
        worker.wait()

    db = sqlite3.connect(tmp_path / "db.sqlite3")
    status = db.execute(
        "SELECT status FROM entities_importbatch WHERE id = ?", (pk,)
    ).fetchone()[0]
    db.close()
    assert status == "running"  # what the killed worker left
    assert progress.exists()
    time.sleep(max(0, killed + 3.5 - time.monotonic()))  # longer than the stale time
    assert manage("shell", "-c", LOOK.replace("PK", str(pk))).split()[-1] == "failed"
    assert not progress.exists()
    assert not progress.with_suffix(".tmp").exists()
    # The uploaded file is kept (private, in a folder with a random name).
    assert list((tmp_path / "media").glob("private/imports/entities/*/cens.csv"))


def _cmdline_or_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_dead_import_stops_polling_and_runs_again(
    browser_page, browser_login, live_server, secretariat_user, places, tmp_path,
    settings,
):  # fmt: skip
    """The page was polling a running batch when its worker died: it turns to
    "failed" by itself, says why, and its button runs the import again."""
    from teixit.entities.models import ImportBatch

    settings.TEIXIT_ENTITIES_IMPORT_STALE_SECONDS = 4
    batch = _csv_batch(secretariat_user, tmp_path, settings)
    page = browser_page
    browser_login(page, secretariat_user)
    _left_running(batch, beat_age=0)  # alive a moment ago
    page.goto(f"{live_server.url}/entities/imports/{batch.pk}/")
    assert page.locator("#import-status .badge-running").count() == 1
    # No heartbeat any more: within a few polls the page says it failed.
    page.wait_for_selector("#import-status .badge-failed", timeout=30_000)
    assert page.locator("#import-message").inner_text()
    page.click("#import-status form button[type=submit]")
    page.wait_for_selector("#import-message")
    again = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert page.url.endswith(f"/entities/imports/{again.pk}/")
    assert again.status == ImportBatch.Status.DONE
    assert again.report["counts"]["rows"] == 5
