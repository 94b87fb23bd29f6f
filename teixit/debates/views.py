from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from teixit.core.crud import viewable_or_404
from teixit.core.htmx import template_for
from teixit.core.moderation import moderation_hide, moderation_show
from teixit.core.service_calls import call_service
from teixit.workplans.models import Action
from teixit.workplans.selectors import plan_list_for_user

from . import conf, selectors, services
from .forms import CloseForm, DebateForm, HideForm, ReplyEditForm, ReplyForm, ReportForm
from .models import Attachment, Debate, Reply, Report, Space


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _space_or_404(request, slug: str) -> Space:
    space = get_object_or_404(Space.objects.select_related("body", "theme"), slug=slug)
    if not request.user.has_perm("debates.view_space", space):
        if not request.user.is_authenticated:
            raise Http404
        raise PermissionDenied
    return space


def _debate_or_404(request, pk: int, *, whole: bool = True) -> Debate:
    """The debate if the person may see it; `whole`: with its replies,
    agreements and attachments (its page; `selectors.debate_get` otherwise)."""
    return viewable_or_404(
        request,
        lambda: (
            selectors.debate_get_for_detail(pk) if whole else selectors.debate_get(pk)
        ),
        "debates.view_debate",
        forbidden_when_logged_in=True,
    )


def space_list(request):
    user = request.user
    return render(
        request,
        "debates/space_list.html",
        {
            # Read through SQL compiled once per kind of reader.
            "spaces": selectors.space_rows_for_user(user),
            "recent": selectors.recent_debates_for_user(user),
            "can_moderate": user.has_perm("debates.moderate_debate"),
            "queue_count": selectors.report_queue().count()
            if user.has_perm("debates.moderate_debate")
            else 0,
        },
    )


#: Debates of a space a page at a time, the most recently active first.
DEBATES_PER_PAGE = 25


def space_detail(request, slug: str):
    space = _space_or_404(request, slug)
    # The rows show neither the space (it is the page's) nor the author: not
    # read with every debate.
    debates = selectors.debate_list_for_user(request.user, space=space).select_related(
        None
    )
    page = Paginator(debates, DEBATES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        template_for(request, "debates/space_detail.html", "debates"),
        {
            "space": space,
            "debates": page.object_list,
            "page_obj": page,
            "can_start": request.user.has_perm("debates.add_debate", space),
        },
    )


def _target_from(request):
    """The object a new debate is attached to (`?target=<type id>-<id>`)."""
    raw = request.POST.get("target") or request.GET.get("target") or ""
    if not raw:
        return None, ""
    try:
        type_id, object_id = (int(part) for part in raw.split("-", 1))
        target = ContentType.objects.get_for_id(type_id).get_object_for_this_type(
            pk=object_id
        )
    except Exception as exc:
        raise Http404 from exc
    return target, raw


@login_required
@require_http_methods(["GET", "POST"])
def debate_create(request, slug: str):
    space = _space_or_404(request, slug)
    if not request.user.has_perm("debates.add_debate", space):
        raise PermissionDenied
    target, target_raw = _target_from(request)
    form = DebateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            debate = services.debate_create(
                space=space,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                target=target,
                files=[form.cleaned_data.get("attachment")],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The debate has started."))
            return redirect(debate)
    return render(
        request,
        "debates/debate_form.html",
        {"space": space, "form": form, "target": target, "target_raw": target_raw},
    )


def debate_detail(request, pk: int):
    debate = _debate_or_404(request, pk)
    user = request.user
    previous_visit = None
    if user.is_authenticated:
        previous_visit = (
            debate.visits.filter(user=user).values_list("seen_at", flat=True).first()
        )
        services.debate_mark_seen(user=user, debate=debate)
    context = {
        "debate": debate,
        "threads": selectors.debate_threads(debate),
        "previous_visit": previous_visit,
        "reply_form": ReplyForm(debate=debate),
        "report_form": ReportForm(),
        "hide_form": HideForm(),
        "can_reply": not debate.is_closed
        and user.has_perm("debates.reply_debate", debate),
        "can_close": not debate.is_closed
        and user.has_perm("debates.close_debate", debate),
        "can_moderate": user.has_perm("debates.moderate_debate", debate),
        "can_report": user.has_perm("debates.report_debate", debate),
        "grace_until": timezone.now() - conf.edit_grace(),
    }
    return render(request, "debates/debate_detail.html", context)


@login_required
@require_POST
def reply_create(request, pk: int):
    debate = _debate_or_404(request, pk)
    form = ReplyForm(request.POST, request.FILES, debate=debate)
    if form.is_valid():
        try:
            reply = services.reply_create(
                debate=debate,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data.get("parent"),
                quote=form.cleaned_data.get("quote"),
                files=[form.cleaned_data.get("attachment")],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your reply is published."))
            return redirect(reply.get_absolute_url())
    for error in form.errors.values():
        for message in error:
            messages.error(request, message)
    return render(
        request,
        "debates/debate_detail.html",
        {
            "debate": debate,
            "threads": selectors.debate_threads(debate),
            "reply_form": form,
            "report_form": ReportForm(),
            "hide_form": HideForm(),
            "can_reply": not debate.is_closed
            and request.user.has_perm("debates.reply_debate", debate),
            "can_moderate": request.user.has_perm("debates.moderate_debate", debate),
            "can_report": request.user.has_perm("debates.report_debate", debate),
        },
        status=400,
    )


def _reply_of(debate: Debate, reply_pk: int) -> Reply:
    return get_object_or_404(
        Reply.objects.select_related("debate__space"), pk=reply_pk, debate=debate
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_edit(request, pk: int, reply_pk: int):
    debate = _debate_or_404(request, pk, whole=False)
    reply = _reply_of(debate, reply_pk)
    if not request.user.has_perm("debates.change_reply", reply):
        raise PermissionDenied
    form = ReplyEditForm(request.POST or None, initial={"body": reply.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_update(
                reply=reply, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your reply is saved."))
            return redirect(reply.get_absolute_url())
    in_grace = timezone.now() - reply.created_at <= conf.edit_grace()
    return render(
        request,
        "debates/reply_form.html",
        {"debate": debate, "reply": reply, "form": form, "in_grace": in_grace},
    )


def reply_history(request, pk: int, reply_pk: int):
    debate = _debate_or_404(request, pk, whole=False)
    reply = _reply_of(debate, reply_pk)
    if reply.is_hidden and not request.user.has_perm("debates.moderate_debate", debate):
        raise Http404
    return render(
        request,
        "debates/reply_history.html",
        {"debate": debate, "reply": reply, "revisions": reply.revisions.all()},
    )


@login_required
@require_POST
def reply_hide(request, pk: int, reply_pk: int):
    debate = _debate_or_404(request, pk, whole=False)
    reply = _reply_of(debate, reply_pk)
    if not request.user.has_perm("debates.moderate_debate", debate):
        raise PermissionDenied
    form = HideForm(request.POST)
    if request.POST.get("unhide"):
        moderation_show(item=reply, user=request.user)
        messages.success(request, _("The reply is shown again."))
        return redirect(reply.get_absolute_url())
    if not form.is_valid():
        messages.error(request, _("Say why the reply is hidden."))
        return redirect(reply.get_absolute_url())
    call_service(
        request,
        lambda: moderation_hide(
            item=reply, user=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The reply is hidden."),
    )
    return redirect(reply.get_absolute_url())


@login_required
@require_POST
def report_create(request, pk: int):
    debate = _debate_or_404(request, pk, whole=False)
    form = ReportForm(request.POST)
    reply = None
    if form.is_valid():
        if form.cleaned_data.get("reply"):
            reply = _reply_of(debate, form.cleaned_data["reply"])
        call_service(
            request,
            lambda: services.report_create(
                debate=debate,
                reply=reply,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
            ),
            _("Thank you: the moderators will look at it."),
        )
    else:
        messages.error(request, _("Say what is wrong."))
    return redirect(reply.get_absolute_url() if reply else debate)


def _actions_for(user):
    return (
        Action.objects.filter(objective__line__plan__in=plan_list_for_user(user))
        .select_related("objective__line__plan")
        .order_by(
            "objective__line__plan",
            "objective__line__order",
            "objective__order",
            "order",
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_close(request, pk: int):
    debate = _debate_or_404(request, pk, whole=False)
    if not request.user.has_perm("debates.close_debate", debate):
        raise PermissionDenied
    form = CloseForm(request.POST or None, actions=_actions_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_close(
                debate=debate,
                user=request.user,
                conclusions=form.cleaned_data["conclusions"],
                agreements=form.cleaned_data["agreements"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The debate is closed with its conclusions."))
            return redirect(debate)
    return render(
        request, "debates/debate_close.html", {"debate": debate, "form": form}
    )


@login_required
@require_POST
def debate_reopen(request, pk: int):
    debate = _debate_or_404(request, pk, whole=False)
    call_service(
        request, lambda: services.debate_reopen(debate=debate, user=request.user)
    )
    return redirect(debate)


@login_required
def moderation_queue(request):
    if not request.user.has_perm("debates.moderate_debate"):
        raise PermissionDenied
    return render(
        request,
        "debates/moderation_queue.html",
        {"reports": selectors.report_queue(), "hide_form": HideForm()},
    )


@login_required
@require_POST
def report_resolve(request, report_pk: int):
    report = get_object_or_404(
        Report.objects.select_related("debate__space"), pk=report_pk
    )
    services.report_resolve(report=report, moderator=request.user)
    messages.success(request, _("The report is marked as handled."))
    return redirect("debates:moderation")


def attachment_download(request, pk: int, attachment_pk: int):
    attachment = get_object_or_404(
        Attachment.objects.select_related("debate__space", "reply"),
        pk=attachment_pk,
        debate_id=pk,
    )
    if not request.user.has_perm("debates.view_attachment", attachment):
        raise Http404
    if attachment.reply is not None and attachment.reply.is_hidden:
        if not request.user.has_perm("debates.moderate_debate", attachment.debate):
            raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        filename=attachment.original_name,
        as_attachment=True,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
