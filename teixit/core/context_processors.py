from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """The network and navigation shown in the header and footer of every page."""
    from teixit.core.navigation import main_navigation
    from teixit.network.selectors import network_get_current

    return {
        "site_name": settings.SITE_NAME,
        "network": SimpleLazyObject(network_get_current),
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
    }
