"""Settings for the benchmarks: the local settings, DEBUG off, plus a bare view
(bench/urls_bench.py) used as the baseline. The database comes from
DATABASE_URL, which the bench scripts point at a temporary SQLite file."""

import os  # noqa: E402

from config.settings.local import *  # noqa: F403

DEBUG = False
# BENCH_CONN_MAX_AGE=0 measures without persistent database connections.
if "BENCH_CONN_MAX_AGE" in os.environ:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])  # noqa: F405
ROOT_URLCONF = "bench.urls_bench"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}

import warnings  # noqa: E402

# Static files are not part of what is measured (no collectstatic here).
warnings.filterwarnings("ignore", message="No directory at")
