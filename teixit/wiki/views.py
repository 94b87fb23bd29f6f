from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from teixit.core.service_calls import call_service
from teixit.core.storage_errors import storage_failure_as_error
from teixit.core.uploads import private_file_response
from teixit.core.worddiff import word_changes, word_diff

from . import selectors, services
from .forms import AttachmentForm, PageForm
from .links import render_page
from .models import Attachment, Page, WikiSpace


def _deny(request):
    if not request.user.is_authenticated:
        raise Http404
    raise PermissionDenied


def _space_or_404(request, slug: str) -> WikiSpace:
    space = get_object_or_404(WikiSpace, slug=slug)
    if not request.user.has_perm("wiki.read_wikispace", space):
        _deny(request)
    return space


def _page_or_404(request, space_slug: str, slug: str) -> Page:
    space = _space_or_404(request, space_slug)
    return get_object_or_404(
        Page.objects.select_related("space", "last_edited_by"), space=space, slug=slug
    )


def wiki_index(request):
    if not request.user.has_perm("wiki.view_wikispace"):
        _deny(request)
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "wiki/wiki_index.html",
        {
            "tree": selectors.space_tree_for_user(request.user),
            "query": query,
            "results": selectors.page_search(request.user, query)[:100]
            if query
            else None,
        },
    )


def space_detail(request, space: str):
    space = _space_or_404(request, space)
    return render(
        request,
        "wiki/space_detail.html",
        {
            "space": space,
            "pages": space.pages.select_related("last_edited_by"),
            "children": space.children.all(),
        },
    )


def page_detail(request, space: str, slug: str):
    page = _page_or_404(request, space, slug)
    return render(
        request,
        "wiki/page_detail.html",
        {
            "page": page,
            "space": page.space,
            "html": render_page(page.space, page.text),
            "attachments": page.attachments.all(),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
def page_edit(request, space: str, slug: str):
    space = _space_or_404(request, space)
    if not request.user.has_perm("wiki.change_page", space):
        raise PermissionDenied
    page = space.pages.filter(slug=slug).first()
    initial = {
        "title": page.title
        if page
        else request.GET.get("title", slug.replace("-", " ").capitalize()),
        "text": page.text if page else "",
        "base_revision": page.revision if page else 0,
    }
    form = PageForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = services.page_save(
                space=space,
                user=request.user,
                title=data["title"],
                text=data["text"],
                base_revision=data["base_revision"],
                slug=slug,
                summary=data["summary"],
            )
        except services.EditConflict as exc:
            current = exc.page
            base = current.revisions.filter(number=data["base_revision"]).first()
            conflict = {
                "page": current,
                "their_diff": word_diff(base.text if base else "", current.text),
                "yours_vs_current": word_diff(current.text, data["text"]),
                "author": current.last_edited_by,
            }
            # The editor merges from the current revision; their text is kept.
            form = PageForm(
                initial={
                    "title": data["title"],
                    "text": data["text"],
                    "summary": data["summary"],
                    "base_revision": current.revision,
                }
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The page has been saved."))
            return redirect(page)
    return render(
        request,
        "wiki/page_form.html",
        {
            "space": space,
            "page": page,
            "form": form,
            "conflict": conflict,
            "slug": slug,
        },
        status=409 if conflict else 200,
    )


def page_history(request, space: str, slug: str):
    page = _page_or_404(request, space, slug)
    revisions = list(page.revisions.select_related("author"))
    rows = []
    for index, revision in enumerate(revisions):
        previous = revisions[index + 1].text if index + 1 < len(revisions) else ""
        added, removed = word_changes(previous, revision.text)
        rows.append({"revision": revision, "added": added, "removed": removed})
    return render(
        request,
        "wiki/page_history.html",
        {"page": page, "space": page.space, "rows": rows},
    )


def page_diff(request, space: str, slug: str):
    page = _page_or_404(request, space, slug)
    revisions = {r.number: r for r in page.revisions.all()}
    try:
        b = revisions[int(request.GET.get("b") or page.revision)]
        a = revisions[int(request.GET.get("a") or max(b.number - 1, 1))]
    except (KeyError, ValueError):
        raise Http404 from None
    return render(
        request,
        "wiki/page_diff.html",
        {
            "page": page,
            "space": page.space,
            "a": a,
            "b": b,
            "diff": word_diff(a.text, b.text),
            "title_changed": a.title != b.title,
        },
    )


@login_required
@require_POST
def page_revert(request, space: str, slug: str, number: int):
    page = _page_or_404(request, space, slug)
    if not request.user.has_perm("wiki.change_page", page):
        raise PermissionDenied
    if not page.revisions.filter(number=number).exists():
        raise Http404
    services.page_revert(page=page, user=request.user, number=number)
    messages.success(
        request, _("The page is back to revision %(number)s.") % {"number": number}
    )
    return redirect(page)


@login_required
@require_POST
def attachment_upload(request, space: str, slug: str):
    page = _page_or_404(request, space, slug)
    if not request.user.has_perm("wiki.change_page", page):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():

        def attach():
            with storage_failure_as_error():
                services.attachment_add(
                    page=page, user=request.user, file=form.cleaned_data["file"]
                )

        call_service(request, attach, _("The file has been attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect(page)


def attachment_download(request, space: str, slug: str, pk: int):
    page = _page_or_404(request, space, slug)
    attachment = get_object_or_404(Attachment, page=page, pk=pk)
    return private_file_response(attachment.file, filename=attachment.name)
