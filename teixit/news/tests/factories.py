import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from teixit.news.models import NewsItem


class NewsItemFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Notícia {n}")
    slug = factory.Sequence(lambda n: f"noticia-{n}")
    summary = "Un resum breu."
    body = "El text de la notícia."
    language = "ca"
    status = NewsItem.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = NewsItem
