"""Issue 10, point 4: the production shape of docs/deploy.md, scaled out.

Two gunicorn app servers and two `manage.py db_worker` processes share one
PostgreSQL database, one media folder and one Redis cache, all on loopback:
a session made on one server works on the other, an upload through one is
served by the other, each queued task runs exactly once, login throttling
counts the failures made on both servers, and what one process removes from
the cache is gone for every server.

Needs PostgreSQL and Redis: skipped with the reason when either cannot be
reached, a failure under CI=true. PostgreSQL is the suite's DATABASE_URL when
it is one, else TEIXIT_TEST_POSTGRES_URL (`make test` passes its PG_URL); the
test works in a database `<that name>_scale`. Redis: TEIXIT_TEST_REDIS_URL
(redis://127.0.0.1:6379/1 by default), keys under a prefix of this run only."""

import os
import re
import secrets
import time

import psycopg
import pytest
from django.conf import settings

from teixit.conftest import skip_or_fail

from .servers import (
    Browser,
    Process,
    copy_test_database,
    create_empty_postgres_database,
    drop_postgres_database,
    manage,
    postgres_admin_url,
    postgres_url,
    production_env,
    scratch_database_url,
    start_gunicorn,
)

pytestmark = pytest.mark.django_db  # the PostgreSQL suite copies its database

PASSWORD = "a-long-password-for-the-scale-test"
TASKS = 40


def _redis_url() -> str:
    return os.environ.get("TEIXIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _reachable_services() -> tuple[str, str]:
    postgres = postgres_url()
    if postgres is None:
        skip_or_fail(
            "no PostgreSQL for the scale-out test: set TEIXIT_TEST_POSTGRES_URL"
        )
    try:
        psycopg.connect(postgres_admin_url(postgres), connect_timeout=3).close()
    except psycopg.Error as exc:
        skip_or_fail(f"PostgreSQL cannot be reached for the scale-out test: {exc}")
    import redis

    redis_url = _redis_url()
    try:
        redis.Redis.from_url(redis_url, socket_timeout=3).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis cannot be reached at {redis_url}: {exc}")
    return postgres, redis_url


@pytest.fixture(scope="module")
def cluster(collected_static, django_db_setup, django_db_blocker, tmp_path_factory):
    """Two app servers and two workers on one database, media folder and cache.
    Yields a dict with the servers' ports and what the tests need."""
    postgres, redis_url = _reachable_services()
    tmp = tmp_path_factory.mktemp("scale")
    static_root, _seconds = collected_static
    if postgres == os.environ.get("DATABASE_URL"):
        with django_db_blocker.unblock():
            database_url = copy_test_database(tmp, "scale")
    else:  # the suite runs on SQLite: a new PostgreSQL database, migrated below
        database_url = scratch_database_url(postgres, "scale")
        create_empty_postgres_database(database_url)
    prefix = f"teixit-scale-{secrets.token_hex(4)}"
    env = production_env(
        tmp,
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(static_root),
        CACHE_URL=f"{redis_url}?KEY_PREFIX={prefix}",
        TEIXIT_LOGIN_FAILURE_LIMIT="5",
    )
    processes = []
    try:
        migrate = manage(env, "migrate", "--no-input", "-v", "0")
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        vocabulary = manage(env, "import_vocabulary", "--default", "--if-empty")
        assert vocabulary.returncode == 0, vocabulary.stderr[-3000:]
        users = manage(
            env, "shell", "--no-imports", "-c",
            "from teixit.accounts.models import User\n"
            f"User.objects.create_superuser(email='admin@teixit.test', password='{PASSWORD}')\n"
            f"User.objects.create_user(email='throttled@teixit.test', password='{PASSWORD}')\n"
            "from teixit.network.models import Network\n"
            "Network.objects.create(name='Xarxa de prova')\n",
        )  # fmt: skip
        assert users.returncode == 0, users.stderr[-3000:]
        ports = []
        for number in (1, 2):
            server, port = start_gunicorn(env, tmp / f"app{number}.log")
            processes.append(server)
            ports.append(port)
        for number in (1, 2):
            processes.append(
                Process(
                    [
                        "manage.py",
                        "db_worker",
                        "--interval",
                        "0.1",
                        "--no-startup-delay",
                    ],
                    env,
                    tmp / f"worker{number}.log",
                )
            )
        yield {"ports": ports, "env": env, "tmp": tmp, "workers": processes[2:]}
    finally:
        for process in processes:
            process.stop()
        drop_postgres_database(database_url)
        import redis

        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def log_in(browser: Browser, port: int, email: str, password: str):
    browser.get(port, "/accounts/login/")
    return browser.post(
        port, "/accounts/login/", {"username": email, "password": password}
    )


def test_a_session_made_on_one_server_works_on_the_other(cluster):
    first, second = cluster["ports"]
    browser = Browser()
    response = log_in(browser, first, "admin@teixit.test", PASSWORD)
    assert response.status == 302, response.text[:2000]
    assert "sessionid" in browser.cookies
    profile = browser.get(second, "/accounts/profile/")
    assert profile.status == 200
    assert "admin@teixit.test" in profile.text
    assert browser.get(second, "/admin/").status == 200


def test_an_upload_through_one_server_is_served_by_the_other(cluster):
    first, second = cluster["ports"]
    browser = Browser()
    assert log_in(browser, first, "admin@teixit.test", PASSWORD).status == 302
    form = browser.get(first, "/materials/new/").text
    kind = re.search(r'name="kind"[^>]*>.*?<option value="(\d+)"', form, re.S)
    assert kind, "the form offers a type of material"
    content = f"Uploaded through server 1: {secrets.token_hex(8)}\n".encode()
    response = browser.post(
        first,
        "/materials/new/",
        {"title": "Scale-out test", "kind": kind.group(1), "language": "ca",
         "licence": "CC BY 4.0", "visibility": "members"},
        files={"file": ("note.txt", content)},
    )  # fmt: skip
    assert response.status == 302, response.text[:3000]
    material = re.fullmatch(r"/materials/(\d+)/", response.headers["Location"])
    assert material, response.headers["Location"]
    download = browser.get(second, f"/materials/{material.group(1)}/versions/1/")
    assert download.status == 200
    assert download.body == content
    assert (
        Browser().get(second, f"/materials/{material.group(1)}/versions/1/").status
        == 404
    )


def test_each_queued_task_runs_exactly_once(cluster):
    runs = cluster["tmp"] / "task-runs.txt"
    enqueue = manage(
        cluster["env"], "shell", "--no-imports", "-c",
        "from teixit.core.tests.scale_tasks import record_run\n"
        f"for number in range({TASKS}):\n"
        f"    record_run.enqueue(f'task-{{number}}', {str(runs)!r})\n",
    )  # fmt: skip
    assert enqueue.returncode == 0, enqueue.stderr[-3000:]
    deadline = time.monotonic() + 120
    lines = []
    while time.monotonic() < deadline:
        lines = runs.read_text().splitlines() if runs.exists() else []
        if len(lines) >= TASKS:
            break
        time.sleep(0.5)
    time.sleep(2)  # a task run twice would show up now
    lines = runs.read_text().splitlines()
    tokens = [line.split()[0] for line in lines]
    assert sorted(tokens) == sorted(f"task-{n}" for n in range(TASKS)), (
        f"{len(tokens)} runs for {TASKS} tasks; worker output:\n"
        + "\n".join(worker.output() for worker in cluster["workers"])
    )
    pids = {line.split()[1] for line in lines}
    assert pids == {str(worker.popen.pid) for worker in cluster["workers"]}, (
        "both workers took tasks"
    )


def test_login_throttling_counts_failures_on_both_servers(cluster):
    first, second = cluster["ports"]
    limit = 5
    assert settings.AXES_FAILURE_LIMIT == limit  # the test settings agree
    browser = Browser()
    browser.get(first, "/accounts/login/")
    for attempt in range(limit):
        port = first if attempt < 3 else second  # 3 failures on one, 2 on the other
        response = browser.post(
            port,
            "/accounts/login/",
            {"username": "throttled@teixit.test", "password": f"wrong-{attempt}"},
        )
        assert response.status in (200, 429), response.status
    for port in (first, second):
        response = browser.post(
            port,
            "/accounts/login/",
            {"username": "throttled@teixit.test", "password": PASSWORD},
        )
        assert response.status == 429, (port, response.status)
        assert "sessionid" not in browser.cookies


def test_the_cache_is_shared_by_every_process(cluster):
    """The network is cached for 30 s; a change forgets it (as the admin does)
    in another process, and the next page on either server shows the change.
    With a cache local to each process, the servers kept the old name."""
    first, second = cluster["ports"]
    for port in (first, second):
        assert "Xarxa de prova" in Browser().get(port, "/").text
    renamed = manage(
        cluster["env"], "shell", "--no-imports", "-c",
        "from teixit.network.models import Network\n"
        "from teixit.network.selectors import network_forget_cache\n"
        "Network.objects.update(name='Xarxa reanomenada')\n"
        "network_forget_cache()\n",
    )  # fmt: skip
    assert renamed.returncode == 0, renamed.stderr[-3000:]
    for port in (first, second):
        assert "Xarxa reanomenada" in Browser().get(port, "/").text
