from django.utils.functional import SimpleLazyObject


def network(request):
    """The network shown in the header and footer of every page (its name and
    logo), read only when a template uses it."""
    from teixit.network.selectors import network_get_current

    return {"network": SimpleLazyObject(network_get_current)}
