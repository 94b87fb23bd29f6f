"""Settings shared by every environment. Values come from the environment."""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APPS_DIR = BASE_DIR / "teixit"

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
TIME_ZONE = "Europe/Madrid"
LANGUAGE_CODE = "ca"
LANGUAGES = [("ca", _("Catalan")), ("es", _("Spanish")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
SITE_NAME = env("TEIXIT_SITE_NAME", default="Teixit")
# The public address of the site (https://xarxa.example.org), used for the
# absolute identifiers of the open data (JSON-LD @id, vocabulary IRIs) when no
# request says it (exports run from commands or tasks). Empty: the address the
# request came to.
TEIXIT_PUBLIC_BASE_URL = env("TEIXIT_PUBLIC_BASE_URL", default="")
# Folder with the public reference data (territories, vocabularies, entities).
TEIXIT_SHARED_DATA = Path(
    env("TEIXIT_SHARED_DATA", default=str(BASE_DIR.parent / "shared" / "data"))
)

# DATABASES
# ------------------------------------------------------------------------------


def database_from_url(url: str) -> dict:
    """DATABASE_URL as an entry of DATABASES, or ImproperlyConfigured saying why not."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in environ.Env.DB_SCHEMES:
        shown = re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", url)
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL: {shown!r}. Expected e.g. "
            "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:////absolute/path/db.sqlite3."
        )
    config = environ.Env.db_url_config(url)
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL names no database: {scheme}://…")
    return config


DATABASES = {
    "default": database_from_url(
        env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL journal, a busy timeout and foreign keys: see teixit.core.db.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA mmap_size=134217728;"
                "PRAGMA cache_size=-65536;"
            ),
        }
    )
    # Keep connections open between requests: opening one (and running the
    # PRAGMAs above) costs more than rendering a simple page.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # django.contrib.admin, its site Teixit's (a cheaper app list: teixit/core/admin_site.py)
    "teixit.core.admin_site.TeixitAdminConfig",
    "django.forms",
]
THIRD_PARTY_APPS = [
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]
LOCAL_APPS = [
    "teixit.core",
    "teixit.accounts",
    "teixit.territories",
    "teixit.vocabulary",
    "teixit.network",
    "teixit.workplans",
    "teixit.entities",
    "teixit.maps",
    "teixit.diagnosis",
    "teixit.practices",
    "teixit.materials",
    "teixit.municipal_services",
    "teixit.trainings",
    "teixit.experts",
    "teixit.competences",
    "teixit.events",
    "teixit.search",
    "teixit.notifications",
    "teixit.debates",
    "teixit.needs",
    "teixit.recognitions",
    "teixit.funding",
    "teixit.directory",
    "teixit.murmurations",
    "teixit.documents",
    "teixit.news",
    "teixit.visits",
    "teixit.wiki",
    "teixit.home",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The secretariat may do everything (teixit/network/backends.py).
    "teixit.network.backends.SecretariatBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Reverse proxies in front of the site whose X-Forwarded-For entries are trusted
# to find the client's address (teixit.core.clients.client_ip); 0: none.
TEIXIT_TRUSTED_PROXIES = env.int("TEIXIT_TRUSTED_PROXIES", default=0)
# Login throttling (django-axes): lock an (e-mail address, client address) pair
# after repeated failures; the address is normalised (see accounts/throttling.py).
# Failures are counted in the database, so every app server sees the same count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("TEIXIT_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "teixit.accounts.throttling.login_identifier"
AXES_CLIENT_IP_CALLABLE = "teixit.accounts.throttling.login_client_ip"
# Password-reset e-mails per hour: to one address, and requests from one client.
TEIXIT_PASSWORD_RESET_PER_ADDRESS = env.int(
    "TEIXIT_PASSWORD_RESET_PER_ADDRESS", default=3
)
TEIXIT_PASSWORD_RESET_PER_CLIENT = env.int(
    "TEIXIT_PASSWORD_RESET_PER_CLIENT", default=10
)
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "teixit.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and locale middlewares: drops what they add to
    # answers that are the same for everyone (`core.middleware.public_data`).
    "teixit.core.middleware.PublicDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "teixit.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's two, holding the request weakly (no reference cycle through it).
    "teixit.core.middleware.AuthenticationMiddleware",
    "teixit.core.middleware.MessageMiddleware",
    "teixit.notifications.middleware.VisitMiddleware",
    "teixit.visits.middleware.PageViewCounterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
# An empty variable (as in .env.example) means the default, not the current folder.
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
STATIC_URL = "/static/"
STATICFILES_DIRS: list = []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default="") or BASE_DIR / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        # Django's, with {% translate %} and {% url %} of constants kept per
        # language (teixit/core/template_engine.py).
        "BACKEND": "teixit.core.template_engine.DjangoTemplates",
        # The name Django's backend would have (engines["django"], and the one
        # template_partials wraps with its loader).
        "NAME": "django",
        # Before the apps' templates: Django's admin templates Teixit replaces
        # (the app list written in Python, teixit/core/templatetags/teixit_admin.py).
        "DIRS": [BASE_DIR / "teixit" / "core" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teixit.core.context_processors.site",
                "teixit.network.context_processors.network",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "teixit.core.template_engine",
            ],
        },
    }
]
# Django's standard widgets written in Python (same HTML as their templates).
FORM_RENDERER = "teixit.core.form_renderer.FastRenderer"

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, the row read by SQL written once (teixit/accounts/sessions.py).
SESSION_ENGINE = "teixit.accounts.sessions"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy: every script, style and font is ours; map tiles come
# from the configured tile server.
TEIXIT_MAP_TILE_URL = env(
    "TEIXIT_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
TEIXIT_MAP_TILE_ATTRIBUTION = env(
    "TEIXIT_MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# Entity imports of 10,000 rows or more read and validate the file in a second
# process while the first writes (docs/entities.md); 1 keeps them in one process.
TEIXIT_ENTITIES_IMPORT_PROCESSES = env.int(
    "TEIXIT_ENTITIES_IMPORT_PROCESSES", default=2
)

# Held by the web server and the worker while they run; `manage.py restore`
# refuses to run under them (teixit.core.running). Empty: the default place.
TEIXIT_RUN_LOCK_FILE = env("TEIXIT_RUN_LOCK_FILE", default="")
# Visits to the public site, counted without tracking anyone (docs/privacy.md):
# each process keeps the counts in memory and writes them every N page views or
# N seconds (a killed process loses at most that).
TEIXIT_VISITS_COUNT = env.bool("TEIXIT_VISITS_COUNT", default=True)
TEIXIT_VISITS_FLUSH_EVERY = env.int("TEIXIT_VISITS_FLUSH_EVERY", default=100)
TEIXIT_VISITS_FLUSH_SECONDS = env.int("TEIXIT_VISITS_FLUSH_SECONDS", default=60)
# Python's cyclic garbage collector, set in every process at start-up
# (teixit.core.apps): with its default first threshold (700 allocations) it
# ran several times per page, each time walking the page's live objects (its
# querysets, instances, template contexts), ~5–10 % of a page's time. With
# 20,000 most of a request's objects are freed by their reference counts
# before a collection looks at them. "" keeps Python's defaults.
TEIXIT_GC_THRESHOLDS = tuple(
    int(n) for n in env.list("TEIXIT_GC_THRESHOLDS", default=["20000", "20", "20"]) if n
)

# IMPORT LIMITS
# ------------------------------------------------------------------------------
# Per importer: largest file, most data rows and, for .xlsx, the largest total
# uncompressed size and compression ratio the archive may declare (checked before
# it is opened). Keys left out keep the defaults of teixit/core/imports.py.
TEIXIT_IMPORT_LIMITS = {
    "workplans": {
        "max_bytes": env.int("TEIXIT_WORKPLANS_IMPORT_MAX_BYTES", default=5 * 2**20),
        "max_rows": env.int("TEIXIT_WORKPLANS_IMPORT_MAX_ROWS", default=5_000),
    },
    "entities": {
        "max_bytes": env.int("TEIXIT_ENTITIES_IMPORT_MAX_BYTES", default=300 * 2**20),
        "max_rows": env.int("TEIXIT_ENTITIES_IMPORT_MAX_ROWS", default=1_000_000),
    },
}

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Teixit <noreply@localhost>"
)
EMAIL_TIMEOUT = 10
# The site's public address, for links in e-mails sent by the worker.
TEIXIT_SITE_URL = env("TEIXIT_SITE_URL", default="http://127.0.0.1:8000")
# Local hour at which the worker sends the notification digests.
TEIXIT_DIGEST_HOUR = env.int("TEIXIT_DIGEST_HOUR", default=7)

# ADMIN
# ------------------------------------------------------------------------------
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")

# TASKS (django-tasks, backport of Django 6's tasks framework)
# ------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# CACHES
# ------------------------------------------------------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "verbose": {"format": "%(levelname)s %(asctime)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "verbose"}},
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {"axes": {"level": "WARNING"}},
}

# API
# ------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
