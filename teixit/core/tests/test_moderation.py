"""Moderation written once (`teixit.core.models.Hideable`,
`teixit.core.moderation`): the same fields, queryset and services for a
debate's replies and the comments on actions, each with its own moderators
and its own follow-up (a reply's reports)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from teixit.core.models import Hideable
from teixit.core.moderation import may_moderate, moderation_hide, moderation_show
from teixit.debates.models import Reply, Report
from teixit.debates.tests.factories import ReplyFactory
from teixit.workplans.models import ActionComment
from teixit.workplans.tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def test_every_hideable_model_names_its_moderators_and_messages():
    models = [m for m in apps.get_models() if issubclass(m, Hideable)]
    assert {Reply, ActionComment} <= set(models)
    for model in models:
        app_label, codename = model.moderate_permission.split(".")
        assert app_label == model._meta.app_label and codename
        assert str(model.moderation_denied) and str(model.hide_reason_missing)
        assert model.objects.visible().query.where  # the queryset is the base's


@pytest.fixture
def reply():
    return ReplyFactory(body="Insult")


@pytest.fixture
def comment(registered_user):
    return ActionComment.objects.create(
        action=ActionFactory(), author=registered_user, body="Ofensiu"
    )


@pytest.mark.parametrize("kind", ["reply", "comment"])
def test_moderation_hides_and_shows_with_a_reason_for_moderators_only(
    request, kind, registered_user, technician_user, secretariat_user
):
    item = request.getfixturevalue(kind)
    model = type(item)
    for user in (None, registered_user, technician_user):
        assert not may_moderate(user, item)
        with pytest.raises(PermissionDenied) as refused:
            moderation_hide(item=item, user=user, reason="Spam")
        assert str(refused.value) == str(model.moderation_denied)
        with pytest.raises(PermissionDenied):
            moderation_show(item=item, user=user)
    with pytest.raises(ValidationError) as no_reason:
        moderation_hide(item=item, user=secretariat_user, reason="   ")
    assert no_reason.value.message_dict == {"reason": [str(model.hide_reason_missing)]}
    assert model.objects.visible().filter(pk=item.pk).exists()

    before = timezone.now()
    moderation_hide(item=item, user=secretariat_user, reason=" Dades " + "x" * 400)
    item = model.objects.get(pk=item.pk)
    assert item.is_hidden and before <= item.hidden_at <= timezone.now()
    assert item.hidden_by == secretariat_user
    assert item.hidden_reason == ("Dades " + "x" * 400)[:300]
    assert not model.objects.visible().filter(pk=item.pk).exists()
    assert item.history.count() == 2  # written, hidden: the history keeps it

    moderation_show(item=item, user=secretariat_user)
    item = model.objects.get(pk=item.pk)
    assert not item.is_hidden
    assert (item.hidden_by, item.hidden_reason) == (None, "")
    assert model.objects.visible().filter(pk=item.pk).exists()


def test_hiding_a_comment_dates_its_change(comment, secretariat_user):
    long_ago = timezone.now() - timedelta(days=3)
    ActionComment.objects.filter(pk=comment.pk).update(updated_at=long_ago)
    comment.refresh_from_db()
    moderation_hide(item=comment, user=secretariat_user, reason="Fora de lloc")
    comment.refresh_from_db()
    assert comment.updated_at > long_ago


def test_hiding_a_reply_resolves_its_open_reports_only(
    reply, registered_user, secretariat_user
):
    """The debates' follow-up, through the `hidden` signal: whoever hides a
    reply (page, queue, any caller of the service) resolves its reports."""
    other = ReplyFactory(debate=reply.debate)
    mine = Report.objects.create(
        debate=reply.debate, reply=reply, reporter=registered_user, reason="Insult"
    )
    elsewhere = Report.objects.create(
        debate=reply.debate, reply=other, reporter=registered_user, reason="Spam"
    )
    moderation_hide(item=reply, user=secretariat_user, reason="Falta de respecte")
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    reply.refresh_from_db()
    assert mine.resolved_at == reply.hidden_at
    assert mine.resolved_by == secretariat_user
    assert elsewhere.resolved_at is None
