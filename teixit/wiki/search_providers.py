"""Wiki pages in the one search (contract: teixit/search/documents.py).

Pages of a space for network members are indexed for the people of the network
only (visibility "network": technicians, body members, the secretariat); pages
of a body's space are not indexed at all (the wiki's own search, at /wiki/?q=,
finds them for that body's members). Nothing of the wiki reaches visitors or
registered people outside the network, nor the public API's results."""

from django.utils.translation import gettext_lazy as _

from teixit.search.documents import SearchDoc

from .models import Page, WikiSpace

TYPE = "wiki"
TYPE_LABEL = _("Wiki pages")
MODELS = [Page]


def document_for(page: Page) -> SearchDoc | None:
    if page.space.visibility != WikiSpace.Visibility.MEMBERS:
        return None
    return SearchDoc(
        type=TYPE,
        object_id=page.pk,
        title=page.title,
        body="\n".join(part for part in (page.text, page.space.name) if part),
        url=page.get_absolute_url(),
        visibility="network",
        date=(page.updated_at or page.created_at).date()
        if (page.updated_at or page.created_at)
        else None,
    )


def all_objects():
    return (
        Page.objects.filter(space__visibility=WikiSpace.Visibility.MEMBERS)
        .select_related("space")
        .iterator(chunk_size=1000)
    )
