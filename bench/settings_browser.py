"""Settings for bench/bench_map_browser.py: the benchmark settings (DEBUG off,
the bare view) with static files served straight from the apps by whitenoise,
as a browser needs them (no collectstatic)."""

from bench.settings_bench import *  # noqa: F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
