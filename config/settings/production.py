"""Production settings: PostgreSQL, whitenoise, secure cookies. Refuses to start unsafe."""

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value (50+ characters) in production."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the host names this site serves."
    )
if not env("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production, e.g. "
        "postgres://USER:PASSWORD@HOST:5432/NAME (docs/deploy.md): without it "
        "Teixit would use a SQLite file inside the checkout."
    )
# Deployment checks (teixit.core.checks) also run when the application starts.
TEIXIT_CHECK_AT_START = env.bool("TEIXIT_CHECK_AT_START", default=True)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Persistent database connections, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# SECURITY
# ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Pages are never framed, except the embeddable ones, which say so in their
# Content-Security-Policy (frame-ancestors), which browsers obey over this header.
X_FRAME_OPTIONS = "DENY"

# STATIC
# ------------------------------------------------------------------------------
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "teixit.core.storage.StaticFilesStorage"},
}
# Source maps (the API documentation's bundles ship 7 MB of them) are only read by
# developer tools: compressing them took most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)

# CACHES
# ------------------------------------------------------------------------------
# A shared cache (CACHE_URL=redis://127.0.0.1:6379/1) is required as soon as more
# than one process serves (gunicorn workers, app servers): docs/deploy.md. Without
# it each process has its own, and `check --deploy` warns (teixit.W003).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
