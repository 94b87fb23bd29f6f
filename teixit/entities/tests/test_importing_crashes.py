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
