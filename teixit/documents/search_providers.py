"""The network's published documents in the one search (contract:
teixit/search/documents.py): their last approved version, public."""

from django.utils.translation import gettext_lazy as _

from teixit.search.documents import SearchDoc

from .models import Document

TYPE = "document"
TYPE_LABEL = _("The network's documents")
MODELS = [Document]


def document_for(document: Document) -> SearchDoc | None:
    if not document.is_public:
        return None
    version = document.latest_version()
    if version is None:
        return None
    return SearchDoc(
        type=TYPE,
        object_id=document.pk,
        title=version.title,
        body="\n".join([document.summary, version.text]),
        url=document.get_public_url(),
        visibility="public",
        language=document.language,
        date=version.approved_on,
    )


def all_objects():
    return Document.objects.published().iterator(chunk_size=1000)
