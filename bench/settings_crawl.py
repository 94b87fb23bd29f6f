"""Settings for bench/bench_crawl.py: the benchmark settings (DEBUG off, the bare
view) with Django's test client allowed in, e-mail kept in memory and a fast
password hasher for the people it creates."""

from bench.settings_bench import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
