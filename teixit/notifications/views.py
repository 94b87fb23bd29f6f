from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from teixit.core.htmx import is_htmx

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    unread_only = request.GET.get("unread") == "1"
    groups = selectors.notification_groups(
        request.user,
        unread_only=unread_only,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "groups": groups[:PAGE_SIZE],
        "has_next": len(groups) > PAGE_SIZE,
        "page": page,
        "unread_only": unread_only,
        "unread_count": selectors.unread_count(request.user),
    }
    return render(request, "notifications/notification_list.html", context)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def notification_open(request, pk: int):
    """The link of a notification: marks its object's notifications as read
    and goes to the object (a GET, so that the link works from anywhere)."""
    try:
        notification = services.notification_open(user=request.user, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    return redirect(notification.url or "notifications:list")


@login_required
@require_POST
def notifications_mark_read(request):
    group_key = request.POST.get("group") or None
    services.notifications_mark_read(user=request.user, group_key=group_key)
    if not is_htmx(request):
        if group_key is None:
            messages.success(request, _("All your notifications are marked as read."))
        return redirect(_safe_next(request, "notifications:list"))
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@login_required
def notification_preferences(request):
    rows = selectors.preferences_for(request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(user=request.user, choices=form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your e-mail preferences are saved."))
            return redirect("notifications:preferences")
    follows = selectors.follow_list_for_user(request.user)[:200]
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "follows": follows},
    )


@csrf_exempt  # the link of an e-mail: the signed token is the proof, no session
def unsubscribe(request, token: str):
    """GET shows what the link stops and a button (link checkers of mail
    servers open links); POST applies it, also the one-click POST of mail
    programs (RFC 8058)."""
    try:
        user, scope = services.unsubscribe_read(token)
    except ValidationError as exc:
        return render(
            request,
            "notifications/unsubscribe.html",
            {"error": exc.messages[0]},
            status=400,
        )
    done = False
    if request.method == "POST":
        services.unsubscribe_apply(token=token)
        done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "scope": scope,
            "scope_label": _scope_label(scope),
            "done": done,
            "person": user,
        },
    )


def _scope_label(scope: str) -> str:
    from .registry import Delivery, get_kind

    if scope == Delivery.DAILY:
        return _("the daily digest")
    if scope == Delivery.WEEKLY:
        return _("the weekly digest")
    if scope == "all":
        return _("every notification e-mail")
    kind = get_kind(scope)
    return str(kind.label) if kind else scope


@login_required
@require_POST
def follow_toggle(request, type_id: int, object_id: int):
    """Follow or stop following an object the person may see (one click)."""
    try:
        content_type = ContentType.objects.get_for_id(type_id)
        target = content_type.get_object_for_this_type(pk=object_id)
    except Exception as exc:
        raise Http404 from exc
    from .following import can_follow

    if not can_follow(request.user, target):
        raise PermissionDenied
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, target=target)
        following = False
    else:
        services.follow(user=request.user, target=target)
        following = True
    if is_htmx(request):
        return render(
            request,
            "notifications/partials/_follow_button.html",
            {"target": target, "following": following, "type_id": type_id},
        )
    messages.success(
        request,
        _("You follow %(title)s.") % {"title": target}
        if following
        else _("You no longer follow %(title)s.") % {"title": target},
    )
    return redirect(_safe_next(request, "notifications:preferences"))
