import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def set_gc_thresholds() -> None:
    """Python's collector thresholds from TEIXIT_GC_THRESHOLDS (settings)."""
    import gc

    from django.conf import settings

    thresholds = getattr(settings, "TEIXIT_GC_THRESHOLDS", ())
    if thresholds:
        gc.set_threshold(*thresholds)


class CoreConfig(AppConfig):
    name = "teixit.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .active_language import install as install_get_language
        from .admin import install_weak_form_callbacks
        from .admin_filters import install as install_admin_filters
        from .admin_rows import install as install_admin_rows
        from .admin_widgets import install as install_autocomplete
        from .choice_display import install as install_choice_display
        from .csrf import install as install_csrf_strings
        from .cycles import install as install_view_head
        from .date_formats import install as install_kept_dates
        from .history import patch_history_descriptor
        from .template_engine import (
            install_boolean_icon,
            install_kept_static,
            install_select_template,
            install_submit_row,
        )
        from .third_party import label_apps

        label_apps()
        patch_history_descriptor()
        install_choice_display()
        install_get_language()
        set_gc_thresholds()
        install_csrf_strings()
        install_boolean_icon()
        install_kept_static()
        install_select_template()
        install_submit_row()
        install_view_head()
        install_weak_form_callbacks()
        install_admin_rows()
        install_admin_filters()
        install_autocomplete()
        install_kept_dates()

        # The background worker serves the site as much as the web server does:
        # `manage.py restore` must not run under it (teixit.core.running). The
        # web server's processes hold the same lock from config.wsgi/asgi.
        if sys.argv[1:2] == ["db_worker"]:
            from .running import serving_lock_hold

            serving_lock_hold()
