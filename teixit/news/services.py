"""Writes of the news. Rules owned here: only the secretariat writes; an
image needs its description; publishing dates the item once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NewsItem


def _check(user, perm: str, item=None) -> None:
    if user is not None and not user.has_perm(perm, item):
        raise PermissionDenied(_("Only the secretariat writes the news."))


@transaction.atomic
def news_save(*, item: NewsItem, user, themes=None) -> NewsItem:
    """Create or change a news item (the form has filled its fields)."""
    _check(user, "news.change_newsitem" if item.pk else "news.add_newsitem", item)
    if not item.pk:
        item.author = user
    item.full_clean()
    item.save()
    if themes is not None:
        item.themes.set(themes)
    return item


@transaction.atomic
def news_publish(*, item: NewsItem, user) -> NewsItem:
    _check(user, "news.publish_newsitem", item)
    item.status = NewsItem.Status.PUBLISHED
    if not item.published_at:
        item.published_at = timezone.now()
    item.full_clean()
    item.save(update_fields=["status", "published_at", "updated_at"])
    return item
