"""Pieces of other apps' pages (teixit/core/panels.py): the bell in the
header, "what's new" on the home page, the follow button on objects."""

from django.contrib.contenttypes.models import ContentType
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

from teixit.core.navigation import cached_reverse

from . import selectors
from .following import can_follow


def bell(request, obj=None) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    count = selectors.unread_count(user)
    # The bell's HTML depends on the count, the language and the list's
    # address only: written once per (language, address, count). Its
    # "3 unread notifications" (a plural, localized number) cost ~0.15 ms a
    # page to write.
    key = (get_language(), cached_reverse("notifications:list"), count)
    html = _BELLS.get(key)
    if html is None:
        if len(_BELLS) >= _BELLS_LIMIT:
            _BELLS.clear()
        html = _BELLS[key] = render_to_string(
            "notifications/partials/_bell.html", {"unread_count": count}
        )
    return html


_BELLS: dict[tuple, str] = {}
_BELLS_LIMIT = 1024


@receiver(setting_changed)
@receiver(file_changed)
def _forget_bells(**kwargs) -> None:
    # A language setting changed (tests), or the development server reloaded
    # a catalogue in place: written again at the next page.
    _BELLS.clear()


def whats_new(request, obj=None) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    return render_to_string(
        "notifications/partials/_whats_new.html",
        selectors.whats_new(user),
        request=request,
    )


def follow_button(request, obj=None) -> str:
    if obj is None or getattr(obj, "pk", None) is None:
        return ""
    if not can_follow(request.user, obj):
        return ""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    # Without `request=`: the context processors ran for the page already;
    # the button reads only the request and the CSRF token of them.
    return render_to_string(
        "notifications/partials/_follow_button.html",
        {
            "target": obj,
            "type_id": content_type.pk,
            "following": selectors.is_following(request.user, obj),
            "request": request,
            "csrf_token": get_token(request),
        },
    )
