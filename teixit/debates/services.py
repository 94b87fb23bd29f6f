"""Debates: writing, editing, moderating and closing.

Rules owned here:
- only people who may read a space write in it; a closed debate takes no
  replies; replies nest one level (an answer to an answer goes to the first);
- new accounts post at most a few messages an hour (a higher limit for
  everyone stops floods);
- a reply may be changed freely for 15 minutes; later changes keep the
  earlier text and show an "edited" mark;
- moderators (the secretariat) hide a reply with a reason (the one moderation
  service, `teixit.core.moderation`; hiding resolves the reply's open reports,
  `reports_resolve_for_hidden`); anybody who reads may report a message once;
  reports wait in the moderation queue;
- a debate is closed by a moderator or its author with conclusions, which may
  link agreements to plan actions;
- participants, mentioned people and followers are notified
  (teixit.notifications), and the author follows their debate.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teixit.notifications.services import follow, followers_of, notify, theme_followers

from . import conf
from .attachments import validate_attachment
from .models import Attachment, Debate, DebateVisit, Reply, ReplyRevision, Report, Space

MENTION_RE = re.compile(r"(?<![\w@])@([\w][\w.-]*[\w]|[\w])", re.UNICODE)
MAX_ATTACHMENTS = 5


def _require(user, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def rate_limit_check(*, user) -> None:
    """Refuse a post beyond the hourly limit: stricter for new accounts."""
    if user.is_superuser:
        return
    since = timezone.now() - timedelta(hours=1)
    posted = (
        Reply.objects.filter(author=user, created_at__gte=since).count()
        + Debate.objects.filter(author=user, created_at__gte=since).count()
    )
    is_new = user.date_joined >= timezone.now() - timedelta(
        days=conf.new_account_days()
    )
    limit = conf.new_account_posts_per_hour() if is_new else conf.posts_per_hour()
    if posted >= limit:
        if is_new:
            message = ngettext(
                "New accounts may post %(limit)s message an hour. Please wait a little before posting again.",
                "New accounts may post %(limit)s messages an hour. Please wait a little before posting again.",
                limit,
            )
        else:
            message = ngettext(
                "You may post %(limit)s message an hour. Please wait a little before posting again.",
                "You may post %(limit)s messages an hour. Please wait a little before posting again.",
                limit,
            )
        raise ValidationError(message % {"limit": limit}, code="rate_limited")


def handle_of(user) -> str:
    """How a person is mentioned: @ and their name joined by hyphens."""
    return slugify(user.name or user.email.split("@")[0])


def mentioned_users(text: str, debate: Debate) -> list:
    """The people mentioned with @handle who may read the debate."""
    handles = {m.group(1).lower() for m in MENTION_RE.finditer(text or "")}
    if not handles:
        return []
    User = get_user_model()
    found = []
    for handle in list(handles)[:20]:
        first = handle.split("-")[0]
        for person in User.objects.filter(is_active=True, name__icontains=first)[:50]:
            if handle_of(person) == handle and person.has_perm(
                "debates.view_debate", debate
            ):
                found.append(person)
    return found


def _attach(*, debate: Debate, reply: Reply | None, files, user) -> None:
    files = [f for f in files or [] if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "files": _("Attach at most %(count)s files.")
                % {"count": MAX_ATTACHMENTS}
            },
            code="too_many_files",
        )
    checked = []
    for upload in files:
        try:
            content_type = validate_attachment(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}, code=exc.code) from None
        checked.append((upload, content_type))
    for upload, content_type in checked:
        upload.seek(0)
        Attachment.objects.create(
            debate=debate,
            reply=reply,
            file=upload,
            original_name=getattr(upload, "name", "file")[:255],
            content_type=content_type,
            size=getattr(upload, "size", 0) or 0,
            uploaded_by=user,
        )


def _mention(
    actor, debate: Debate, text: str, target_reply: Reply | None = None
) -> None:
    people = mentioned_users(text, debate)
    if people:
        notify(
            "debates.mention",
            actor,
            debate,
            people,
            url=target_reply.get_absolute_url() if target_reply else None,
        )


@transaction.atomic
def debate_create(
    *, space: Space, author, title: str, body: str, target=None, files=()
) -> Debate:
    """Start a debate in a space, attached to `target` or standing alone."""
    _require(
        author,
        "debates.add_debate",
        space,
        _("You may not start debates in this space."),
    )
    if target is not None:
        from teixit.notifications.following import can_follow

        if not can_follow(author, target):
            raise PermissionDenied(_("You may not start a debate about this."))
    rate_limit_check(user=author)
    debate = Debate(
        space=space,
        author=author,
        title=(title or "").strip(),
        body=(body or "").strip(),
        last_activity_at=timezone.now(),
    )
    if target is not None:
        debate.target_type = ContentType.objects.get_for_model(
            target, for_concrete_model=False
        )
        debate.target_id = target.pk
        debate.target_title = str(target)[:300]
    debate.full_clean()
    debate.save()
    _attach(debate=debate, reply=None, files=files, user=author)
    audience = followers_of(space)
    if target is not None:
        audience += followers_of(target)
    if space.theme_id:
        audience += theme_followers([space.theme_id])
    notify("debates.started", author, debate, audience)
    _mention(author, debate, debate.body)
    return debate


@transaction.atomic
def reply_create(
    *,
    debate: Debate,
    author,
    body: str,
    parent: Reply | None = None,
    quote: Reply | None = None,
    files=(),
) -> Reply:
    """Answer a debate (or a reply in it: one level of nesting)."""
    _require(
        author,
        "debates.view_debate",
        debate,
        _("You may not take part in this debate."),
    )
    if debate.is_closed:
        raise ValidationError(
            _("This debate is closed: it takes no more replies."), code="closed"
        )
    _require(
        author,
        "debates.reply_debate",
        debate,
        _("You may not take part in this debate."),
    )
    for other in (parent, quote):
        if other is not None and other.debate_id != debate.pk:
            raise ValidationError(
                _("You can only answer or quote a reply of the same debate."),
                code="other_debate",
            )
    if quote is not None and quote.is_hidden:
        raise ValidationError(
            _("A hidden reply cannot be quoted."), code="hidden_quote"
        )
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent  # one level: answers to answers join the thread
    rate_limit_check(user=author)
    reply = Reply(
        debate=debate,
        author=author,
        body=(body or "").strip(),
        parent=parent,
        quote=quote,
    )
    reply.full_clean()
    reply.save()
    _attach(debate=debate, reply=reply, files=files, user=author)
    Debate.objects.filter(pk=debate.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=reply.created_at
    )
    debate_mark_seen(user=author, debate=debate, at=reply.created_at)
    audience = [debate.author_id] if debate.author_id else []
    if parent is not None and parent.author_id:
        audience.append(parent.author_id)
    notify("debates.replied", author, debate, audience, url=reply.get_absolute_url())
    _mention(author, debate, reply.body, reply)
    return reply


@transaction.atomic
def reply_update(*, reply: Reply, user, body: str) -> Reply:
    """Change a reply: freely in the grace period, later with the earlier
    text kept and the "edited" mark."""
    _require(
        user,
        "debates.change_reply",
        reply,
        _("Only the author can change a reply of an open debate."),
    )
    if reply.is_hidden:
        raise ValidationError(_("A hidden reply cannot be changed."), code="hidden")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your reply.")}, code="empty")
    if body == reply.body:
        return reply
    now = timezone.now()
    fields = ["body"]
    if now - reply.created_at > conf.edit_grace():
        ReplyRevision.objects.create(
            reply=reply, body=reply.body, written_at=reply.edited_at or reply.created_at
        )
        reply.edited_at = now
        fields.append("edited_at")
    reply.body = body
    reply.full_clean()
    reply.save(update_fields=fields)
    return reply


def reports_resolve_for_hidden(*, reply: Reply, moderator) -> int:
    """The reports of a reply the moderators hid are answered by hiding it:
    resolved at that moment by that moderator (run by `handlers` when
    `teixit.core.moderation.hidden` is sent for a reply). Returns how many."""
    return Report.objects.filter(reply=reply, resolved_at__isnull=True).update(
        resolved_at=reply.hidden_at, resolved_by=moderator
    )


def report_create(
    *, debate: Debate, reply: Reply | None, reporter, reason: str
) -> Report:
    """Report a debate or a reply to the moderators (once per person)."""
    _require(reporter, "debates.report_debate", debate, _("You may not report this."))
    if reply is not None and reply.debate_id != debate.pk:
        raise ValidationError(
            _("This reply is not part of the debate."), code="other_debate"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong.")}, code="no_reason")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                debate=debate, reply=reply, reporter=reporter, reason=reason[:500]
            )
            from teixit.notifications.audiences import secretariat_users

            notify(
                "debates.reported",
                reporter,
                debate,
                secretariat_users(),
                url=reply.get_absolute_url() if reply else None,
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this; the moderators will look at it."),
            code="already_reported",
        ) from None
    return report


def report_resolve(*, report: Report, moderator) -> Report:
    _require(
        moderator,
        "debates.moderate_debate",
        report.debate,
        _("Only moderators handle reports."),
    )
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report


@transaction.atomic
def debate_close(*, debate: Debate, user, conclusions: str, agreements=()) -> Debate:
    """Close a debate with its conclusions (a moderator or the author);
    `agreements` are plan actions the conclusions commit to."""
    _require(
        user,
        "debates.close_debate",
        debate,
        _("Only a moderator or the author can close this debate."),
    )
    if debate.is_closed:
        raise ValidationError(
            _("This debate is already closed."), code="already_closed"
        )
    conclusions = (conclusions or "").strip()
    if not conclusions:
        raise ValidationError(
            {"conclusions": _("Write the conclusions of the debate.")},
            code="no_conclusions",
        )
    debate.status = Debate.Status.CLOSED
    debate.conclusions = conclusions
    debate.closed_by = user
    debate.closed_at = timezone.now()
    debate.full_clean()
    debate.save(
        update_fields=["status", "conclusions", "closed_by", "closed_at", "updated_at"]
    )
    debate.agreements.set(list(agreements))
    participants = list(
        debate.replies.exclude(author=None)
        .values_list("author_id", flat=True)
        .distinct()
    )
    if debate.author_id:
        participants.append(debate.author_id)
    notify("debates.closed", user, debate, participants)
    return debate


@transaction.atomic
def debate_reopen(*, debate: Debate, user) -> Debate:
    _require(
        user,
        "debates.moderate_debate",
        debate,
        _("Only moderators can reopen a debate."),
    )
    if not debate.is_closed:
        raise ValidationError(_("This debate is open."), code="open")
    debate.status = Debate.Status.OPEN
    debate.closed_at = None
    debate.closed_by = None
    debate.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    return debate


def debate_mark_seen(*, user, debate: Debate, at=None) -> None:
    """Remember that a person read a debate up to now (unread counts)."""
    if not user.is_authenticated:
        return
    DebateVisit.objects.update_or_create(
        user=user, debate=debate, defaults={"seen_at": at or timezone.now()}
    )


@transaction.atomic
def space_create(*, user, **fields) -> Space:
    _require(
        user,
        "debates.add_space",
        None,
        _("Only the secretariat creates debate spaces."),
    )
    space = Space(**fields)
    if not space.slug:
        space.slug = slugify(space.name)[:100]
    space.full_clean()
    space.save()
    return space


def follow_debate(*, user, debate: Debate) -> None:
    follow(user=user, target=debate)
