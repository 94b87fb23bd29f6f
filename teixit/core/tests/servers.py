"""Helpers for tests that run Teixit as production does: `manage.py` commands,
gunicorn and `db_worker` processes with `config.settings.production`, on
loopback ports 18100–18199, and plain HTTP requests to them.

Requests carry `Host: teixit.test` (the only allowed host) and
`X-Forwarded-Proto: https`, as the proxy of docs/deploy.md sends them.
"""

import http.client
import os
import random
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
HOST = "teixit.test"
PORTS = range(18100, 18200)


def production_env(tmp_path: Path, **extra: str) -> dict:
    """Production settings with collected static files, a media folder and a
    shared cache, all in ``tmp_path``; ``extra`` overrides any variable."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "TEIXIT_"))
    }
    for folder in ("static", "media", "cache"):
        (tmp_path / folder).mkdir(exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        TEIXIT_SHARED_DATA=str(settings.TEIXIT_SHARED_DATA),
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    """A free port of PORTS; under pytest-xdist each worker has its own share
    of them, so two workers never pick the same one at the same time."""
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    ports = PORTS[int(worker) % count :: count]
    for port in random.sample(ports, len(ports)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 18100-18199")


def postgres_url() -> str | None:
    """The PostgreSQL server tests may use beside the suite's database: the
    suite's DATABASE_URL when it is one, else TEIXIT_TEST_POSTGRES_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return os.environ.get("TEIXIT_TEST_POSTGRES_URL") or None


def postgres_admin_url(url: str) -> str:
    return urlsplit(url)._replace(path="/postgres").geturl()


def copy_test_database(tmp_path: Path, suffix: str) -> str:
    """A copy of the migrated test database the suite runs on, as a URL.

    SQLite (the suite's in-memory database): the online backup API writes it to
    a file. PostgreSQL: a new database `<DATABASE_URL's name>_<suffix>` made
    from the test database as a template. Call with database access unblocked.
    """
    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    url = scratch_database_url(os.environ["DATABASE_URL"], suffix)
    name = urlsplit(url).path.lstrip("/")
    template = connection.settings_dict["NAME"]
    connection.close()  # a template may have no other session:
    with psycopg.connect(postgres_admin_url(url), autocommit=True) as admin:
        admin.execute(  # nor one left by an earlier test's server thread
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return url


def xdist_worker_suffix() -> str:
    """``_gw0``, ``_gw1``… under pytest-xdist (`make test` runs the suite on every
    core), else nothing: what a test adds to the name of a database it creates
    beside the suite's, so two workers never make, use or drop the same one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


def scratch_database_url(url: str, suffix: str) -> str:
    """``url`` with its database name followed by ``_<suffix>`` (and the xdist
    worker's ``_gwN``)."""
    parts = urlsplit(url)
    return parts._replace(path=f"{parts.path}_{suffix}{xdist_worker_suffix()}").geturl()


def create_empty_postgres_database(url: str) -> None:
    drop_postgres_database(url)
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(postgres_admin_url(url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_postgres_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(postgres_admin_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """Cookies kept by name, sent to whichever server is asked: the servers
    stand behind one host name, as behind a load balancer."""

    cookies: dict = field(default_factory=dict)

    def request(
        self, port: int, path: str, method="GET", body=b"", headers=None
    ) -> Response:
        all_headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in self.cookies.items()
            )
        if method == "POST":
            all_headers["Origin"] = f"https://{HOST}"
            all_headers["Referer"] = f"https://{HOST}{path}"
        all_headers.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            raw = conn.getresponse()
            response = Response(raw.status, dict(raw.getheaders()), raw.read())
            for header, value in raw.getheaders():
                if header.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
        finally:
            conn.close()
        return response

    def get(self, port: int, path: str, **headers) -> Response:
        return self.request(port, path, headers=headers)

    def post(self, port: int, path: str, fields: dict, files: dict | None = None):
        """A form POST with the CSRF token of the cookie; ``files`` maps a field
        to (file name, bytes)."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                    f"\r\n\r\n{item}\r\n".encode()
                )
        for name, (filename, content) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                f"\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request(
            port, path, "POST", body, headers={"Content-Type": content_type}
        )


class Process:
    """A server or worker started with ``args`` (after the Python executable),
    its output in a log file; stopped with SIGTERM, then SIGKILL."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        self._log_file = open(log, "wb")  # noqa: SIM115 (closed in stop())
        self.popen = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._log_file.close()


def _gunicorn_has_control_socket() -> bool:
    """gunicorn 25+ opens a control socket, by default one per user."""
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == "control_socket" for setting in KNOWN_SETTINGS)


def start_gunicorn(env: dict, log: Path, workers: int = 2) -> tuple[Process, int]:
    """gunicorn serving config.wsgi on a free loopback port, once it answers."""
    port = free_port()
    args = ["-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--timeout", "60"]  # fmt: skip
    if _gunicorn_has_control_socket():  # its own, not ~/.gunicorn/gunicorn.ctl
        args += ["--control-socket", str(log.with_suffix(".ctl"))]
    server = Process(args, env, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.popen.poll() is not None:
            raise AssertionError(f"gunicorn stopped:\n{server.output()}")
        try:
            Browser().get(port, "/robots.txt")
        except OSError:
            time.sleep(0.3)
            continue
        return server, port
    server.stop()
    raise AssertionError(f"gunicorn did not answer within 90 s:\n{server.output()}")
