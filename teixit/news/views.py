from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.storage_errors import storage_failure_as_error
from teixit.core.uploads import private_file_response

from . import selectors, services
from .forms import NewsItemForm
from .models import NewsItem


def _item_or_404(request, slug: str) -> NewsItem:
    item = get_object_or_404(NewsItem, slug=slug)
    if not request.user.has_perm("news.view_newsitem", item):
        raise Http404
    return item


def news_list(request):
    theme = request.GET.get("theme")
    items = selectors.news_list_for_user(
        request.user, theme=int(theme) if theme and theme.isdigit() else None
    )
    return render(
        request,
        "news/news_list.html",
        {"items": items[:50], "can_add": request.user.has_perm("news.add_newsitem")},
    )


def news_detail(request, slug: str):
    item = _item_or_404(request, slug)
    return render(
        request,
        "news/news_detail.html",
        {
            "item": item,
            "can_edit": request.user.has_perm("news.change_newsitem", item),
            "image_url": request.build_absolute_uri(f"{item.get_absolute_url()}image/")
            if item.image
            else "",
        },
    )


def news_image(request, slug: str):
    item = _item_or_404(request, slug)
    if not item.image:
        raise Http404
    response = private_file_response(item.image)
    response["Content-Disposition"] = "inline"
    return response


def _save(request, item: NewsItem | None):
    form = NewsItemForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            with storage_failure_as_error():
                item = services.news_save(
                    item=form.save(commit=False),
                    user=request.user,
                    themes=form.cleaned_data["themes"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if item is not None and item.pk:
                messages.success(request, _("The news item has been saved."))
                return redirect(item)
    return render(request, "news/news_form.html", {"form": form, "item": item})


@login_required
def news_create(request):
    if not request.user.has_perm("news.add_newsitem"):
        raise PermissionDenied
    return _save(request, None)


@login_required
def news_edit(request, slug: str):
    item = get_object_or_404(NewsItem, slug=slug)
    if not request.user.has_perm("news.change_newsitem", item):
        raise PermissionDenied
    return _save(request, item)


@login_required
@require_POST
def news_publish(request, slug: str):
    item = get_object_or_404(NewsItem, slug=slug)
    if not request.user.has_perm("news.publish_newsitem", item):
        raise PermissionDenied
    services.news_publish(item=item, user=request.user)
    messages.success(request, _("The news item is published."))
    return redirect(item)
