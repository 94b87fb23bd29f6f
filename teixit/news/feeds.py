"""Atom feeds of the published news: all of them and one per theme."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from teixit.core.markdown import render_markdown
from teixit.vocabulary.models import Concept

from .models import NewsItem


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("News")

    def link(self):
        from django.urls import reverse

        return reverse("news:list")

    def items(self):
        return NewsItem.objects.published().select_related("author")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.summary + "\n\n" + item.body)

    def item_author_name(self, item):
        return item.author.get_full_name() if item.author else ""

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [concept.label for concept in item.themes.all()]


class ThemeNewsFeed(NewsFeed):
    def get_object(self, request, pk: int):
        return get_object_or_404(Concept, pk=pk)

    def title(self, concept):
        return _("News about %(theme)s") % {"theme": concept.label}

    def link(self, concept):
        from django.urls import reverse

        return reverse("news:list") + f"?theme={concept.pk}"

    def items(self, concept):
        return (
            NewsItem.objects.published()
            .filter(themes=concept)
            .select_related("author")[:50]
        )
