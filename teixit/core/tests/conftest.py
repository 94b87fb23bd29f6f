import subprocess
import sys
import time

import pytest

from .servers import ROOT, production_env


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """(folder, seconds): `collectstatic` with the production settings, once per
    run, for the tests that serve pages through gunicorn."""
    tmp = tmp_path_factory.mktemp("collectstatic")
    env = production_env(tmp)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "static", time.monotonic() - started
