"""Comments on an action: the thread on the action's page (and the API), and
who is told (rules: ``rules.py``; the thread is read by network people).

Rules owned here:
- a comment is written by someone with a role on the action (Suport above
  all) or the secretariat, while the plan is approved; the Suport body may
  attach a link as evidence with it (the support body's ``Evidence`` of the
  action, marked as from the support body);
- the author edits a comment while it is shown (the edit is dated) and
  deletes it; the secretariat hides a comment with a reason, shows it again
  (the one moderation service, `teixit.core.moderation`), or deletes it; a
  hidden comment's text is read by the secretariat alone;
- a comment tells the members of the executing body and of the support body
  (and the action's followers); the roles' decisions on the action (guidelines
  approved, closing proposed, sent back, work lines, evidence) tell the
  support body: it follows the action.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teixit.core.prepared import prepared

from .models import Action, ActionComment, Responsibility
from .rules import may, require

MAX_LENGTH = 5000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the comment.")}, code="empty")
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("A comment has at most %(max)s characters.")
                % {"max": MAX_LENGTH}
            },
            code="too_long",
        )
    return body


def _people_in_roles(action: Action, roles) -> list:
    from teixit.notifications import audiences

    body_ids = [
        r.body_id
        for r in action.responsibilities.all()
        if r.role in roles and r.body_id
    ]
    people = list(audiences.body_members(body_ids)) if body_ids else []
    try:
        contact_id = action.governance.provider_contact_id
    except Action.governance.RelatedObjectDoesNotExist:
        contact_id = None
    if contact_id and Responsibility.Role.EXECUTION in roles:
        people += list(audiences.users(contact_id))
    return people


def support_tell(*, action: Action, actor) -> None:
    """Tell the support body (and the action's followers) that the action
    changed: the Suport body follows the actions it supports."""
    from teixit.notifications.services import notify

    notify(
        "workplans.action_changed",
        actor,
        action,
        _people_in_roles(action, {Responsibility.Role.SUPPORT}),
    )


# Compiled once (teixit/core/prepared.py): the action's page reads it on
# every request of a network person.
_comments_of = prepared(
    lambda action_id: (
        ActionComment.objects.filter(action_id=action_id)
        .select_related("author", "hidden_by", "evidence")
        .order_by("created_at", "pk")
    )
)


def action_comments(action: Action, user) -> list[ActionComment]:
    """The thread of the action, oldest first, for someone who may read it
    (empty otherwise). Hidden comments keep their place; their text is for
    the secretariat (``comment.text_shown`` is False for the others)."""
    if not user.has_perm("workplans.view_actioncomment", action):
        return []
    comments = _comments_of(action.pk)
    # The secretariat moderates every comment alike: asked once, of the action.
    moderator = user.has_perm(ActionComment.moderate_permission, action)
    for comment in comments:
        comment.action = action  # the rules read the plan through it: no query
        comment.text_shown = moderator or not comment.is_hidden
        comment.can_edit = may(user, "workplans.edit_actioncomment", comment)
        comment.can_delete = user.has_perm("workplans.delete_actioncomment", comment)
    return comments


@transaction.atomic
def comment_add(
    *, action: Action, user, body: str, evidence_url: str = ""
) -> ActionComment:
    """Comment on the action; with a link, the support body attaches it as
    evidence too. Tells the executing and the support bodies."""
    from teixit.notifications.services import notify

    from .governance import support_evidence_add

    require(
        user,
        "workplans.comment_action",
        action,
        _("Only the bodies of this action and the secretariat comment on it."),
    )
    comment = ActionComment(action=action, author=user, body=_clean_body(body))
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        comment.evidence = support_evidence_add(
            action=action, user=user, url=evidence_url, notify=False
        )
    comment.save()
    notify(
        "workplans.comment",
        user,
        action,
        _people_in_roles(
            action, {Responsibility.Role.EXECUTION, Responsibility.Role.SUPPORT}
        ),
        url=comment.get_absolute_url(),
    )
    return comment


@transaction.atomic
def comment_edit(*, comment: ActionComment, user, body: str) -> ActionComment:
    require(
        user,
        "workplans.edit_actioncomment",
        comment,
        _("Only the author of a comment changes it."),
    )
    body = _clean_body(body)
    if body != comment.body:
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at", "updated_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: ActionComment, user) -> None:
    require(
        user,
        "workplans.delete_actioncomment",
        comment,
        _("Only the author of a comment or the secretariat deletes it."),
    )
    comment.delete()
