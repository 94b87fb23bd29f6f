from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """The site's name and navigation shown in the header and footer of every
    page (the network itself comes from teixit.network.context_processors)."""
    from teixit.core.navigation import main_navigation

    return {
        "site_name": settings.SITE_NAME,
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
    }
