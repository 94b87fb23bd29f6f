"""Published news in the one search (contract: teixit/search/documents.py)."""

from django.utils.translation import gettext_lazy as _

from teixit.search.documents import SearchDoc

from .models import NewsItem

TYPE = "news"
TYPE_LABEL = _("News")
MODELS = [NewsItem]


def document_for(item: NewsItem) -> SearchDoc | None:
    if item.status != NewsItem.Status.PUBLISHED:
        return None
    return SearchDoc(
        type=TYPE,
        object_id=item.pk,
        title=item.title,
        body="\n".join([item.summary, item.body]),
        url=item.get_absolute_url(),
        visibility="public",
        language=item.language,
        themes=[concept.code for concept in item.themes.all()],
        date=item.published_at.date() if item.published_at else None,
    )


def all_objects():
    return (
        NewsItem.objects.published()
        .prefetch_related("themes")
        .iterator(chunk_size=1000)
    )
