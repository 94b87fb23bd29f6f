import os

from django.core.wsgi import get_wsgi_application

from teixit.core.running import serving_lock_hold

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# Tell `manage.py restore` that the site is being served (teixit.core.running).
serving_lock_hold()
