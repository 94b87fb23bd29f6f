"""Writes of the wiki. Rules owned here:

- every save is a new numbered revision (who, when, what), never an
  overwrite; a revert is a new revision with an earlier text;
- an edit made from an older revision than the page's current one is an edit
  conflict: nothing is saved and the editor is shown the difference, with
  their text kept, to merge and save again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .links import page_slug
from .models import Attachment, Page, Revision, WikiSpace


class EditConflict(Exception):
    """Someone saved the page after the editor opened it."""

    def __init__(self, page: Page):
        super().__init__("edit conflict")
        self.page = page


def _check(user, perm: str, obj) -> None:
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not edit this space."))


@transaction.atomic
def page_save(
    *,
    space: WikiSpace,
    user,
    title: str,
    text: str,
    base_revision: int,
    slug: str | None = None,
    summary: str = "",
) -> Page:
    """Create or change a page. `base_revision` is the revision the editor
    started from (0 for a new page); a newer one raises EditConflict."""
    _check(user, "wiki.change_page", space)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the page a title.")}, code="title")
    slug = slug or page_slug(title)
    page = Page.objects.select_for_update().filter(space=space, slug=slug).first()
    if page is None:
        if base_revision:
            raise ValidationError(_("This page no longer exists."), code="gone")
        page = Page(space=space, slug=slug)
    elif page.revision != base_revision:
        raise EditConflict(page)
    page.title = title
    page.text = text
    page.revision += 1
    page.updated_at = timezone.now()
    page.last_edited_by = user
    page.full_clean()
    page.save()
    Revision.objects.create(
        page=page,
        number=page.revision,
        title=title,
        text=text,
        summary=summary.strip()[:300],
        author=user,
    )
    return page


@transaction.atomic
def page_revert(*, page: Page, user, number: int) -> Page:
    """Bring back revision `number` as a new revision."""
    _check(user, "wiki.change_page", page)
    old = page.revisions.get(number=number)
    page = page_save(
        space=page.space,
        user=user,
        title=old.title,
        text=old.text,
        base_revision=page.revision,
        slug=page.slug,
        summary=_("Reverted to revision %(number)s") % {"number": number},
    )
    Revision.objects.filter(page=page, number=page.revision).update(
        reverted_from=number
    )
    return page


@transaction.atomic
def attachment_add(*, page: Page, user, file) -> Attachment:
    _check(user, "wiki.change_page", page)
    attachment = Attachment(
        page=page, file=file, name=file.name[:200], uploaded_by=user
    )
    attachment.full_clean()
    attachment.save()
    return attachment
