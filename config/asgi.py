import os

from django.core.asgi import get_asgi_application

from teixit.core.running import serving_lock_hold

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()

# Deployment checks (teixit.core.checks) stop a misconfigured start.
from teixit.core.checks import check_at_start  # noqa: E402

check_at_start()

# Tell `manage.py restore` that the site is being served (teixit.core.running).
serving_lock_hold()
