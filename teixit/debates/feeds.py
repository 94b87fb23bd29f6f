"""An Atom feed of the debates of each public space."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from teixit.core.markdown import render_markdown

from . import selectors
from .models import Space


class SpaceFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str):
        space = get_object_or_404(Space, slug=slug)
        if space.visibility != Space.Visibility.PUBLIC:
            raise Http404  # only public spaces have a feed: it needs no login
        return space

    def title(self, space):
        return _("Debates in %(space)s") % {"space": space.name}

    def link(self, space):
        return space.get_absolute_url()

    def subtitle(self, space):
        return space.description

    def items(self, space):
        return selectors.public_debates_of_space(space)

    def item_title(self, debate):
        return debate.title

    def item_description(self, debate):
        text = debate.body
        if debate.is_closed and debate.conclusions:
            text = (
                _("Conclusions") + ":\n\n" + debate.conclusions + "\n\n---\n\n" + text
            )
        return render_markdown(text)

    def item_author_name(self, debate):
        return debate.author.get_full_name() if debate.author else ""

    def item_pubdate(self, debate):
        return debate.created_at

    def item_updateddate(self, debate):
        return debate.last_activity_at
