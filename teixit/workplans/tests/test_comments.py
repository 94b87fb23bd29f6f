"""Comments on an action (issue 17, "Suport: follows, comments, may attach
evidence"): who writes, who reads, the author's edits, the secretariat's
moderation, who is told — per role, in the services, the action page, the
API and the admin."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from teixit.accounts.services import api_token_create
from teixit.accounts.tests.factories import UserFactory
from teixit.core.moderation import moderation_hide, moderation_show
from teixit.network.tests.factories import BodyFactory, BodyMembershipFactory
from teixit.notifications.models import Notification
from teixit.workplans import comments as svc
from teixit.workplans import governance as gov
from teixit.workplans.models import ActionComment, Evidence, Plan

from .factories import ActionFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


def _member_of(body):
    user = UserFactory()
    BodyMembershipFactory(user=user, body=body)
    return user


@pytest.fixture
def bodies(technical_commission, secretariat_body):
    return {
        "guidelines": technical_commission,
        "work_lines": BodyFactory(kind="executive_commission", name="Executiva"),
        "execution": BodyFactory(kind="other", name="Grup de treball"),
        "support": BodyFactory(kind="promoter_commission", name="Promotora"),
        "outside": BodyFactory(kind="other", name="Un altre grup"),
    }


@pytest.fixture
def action(bodies):
    """Línies bàsiques: comissió tècnica - Línies de treball: executiva -
    Execució: grup de treball - Suport: promotora."""
    action = ActionFactory()
    for role in ("guidelines", "work_lines", "execution", "support"):
        ResponsibilityFactory(
            action=action,
            body=bodies[role],
            role={"guidelines": "basic_lines"}.get(role, role),
        )
    return action


@pytest.fixture
def people(bodies, body_member_user, secretariat_user, technician_user):
    return {
        "support": _member_of(bodies["support"]),
        "execution": _member_of(bodies["execution"]),
        "work_lines": _member_of(bodies["work_lines"]),
        "guidelines": body_member_user,
        "outside": _member_of(bodies["outside"]),
        "technician": technician_user,
        "registered": UserFactory(),
        "secretariat": secretariat_user,
    }


# Services and rules ---------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["support", "execution", "work_lines", "guidelines", "secretariat"]
)
def test_the_roles_of_the_action_and_the_secretariat_comment(action, people, role):
    comment = svc.comment_add(action=action, user=people[role], body="Bona feina")
    assert comment.author == people[role]
    assert list(action.comments.all()) == [comment]


@pytest.mark.parametrize("role", ["outside", "technician", "registered"])
def test_others_do_not_comment(action, people, role):
    with pytest.raises(PermissionDenied):
        svc.comment_add(action=action, user=people[role], body="Opino")
    assert not ActionComment.objects.exists()


def test_no_comment_on_a_plan_that_is_not_approved(action, people):
    plan = action.objective.line.plan
    plan.status = Plan.Status.CLOSED
    plan.save()
    with pytest.raises(PermissionDenied):
        svc.comment_add(action=action, user=people["support"], body="Tard")


def test_an_empty_comment_is_refused(action, people):
    with pytest.raises(ValidationError):
        svc.comment_add(action=action, user=people["support"], body="   ")


def test_network_people_read_the_thread_and_others_do_not(action, people):
    svc.comment_add(action=action, user=people["support"], body="Seguim")
    for role in ("outside", "technician", "secretariat", "execution"):
        assert [c.body for c in svc.action_comments(action, people[role])] == ["Seguim"]
    assert svc.action_comments(action, people["registered"]) == []


def test_the_author_edits_and_deletes_their_own_comment(action, people):
    comment = svc.comment_add(action=action, user=people["support"], body="Primer")
    for role in ("execution", "secretariat"):  # not even the secretariat
        with pytest.raises(PermissionDenied):
            svc.comment_edit(comment=comment, user=people[role], body="Canviat")
    with pytest.raises(PermissionDenied):
        svc.comment_delete(comment=comment, user=people["execution"])

    svc.comment_edit(comment=comment, user=people["support"], body="Corregit")
    comment.refresh_from_db()
    assert comment.body == "Corregit"
    assert comment.edited_at is not None

    svc.comment_delete(comment=comment, user=people["support"])
    assert not ActionComment.objects.exists()


def test_the_secretariat_hides_shows_and_deletes_comments(action, people):
    comment = svc.comment_add(action=action, user=people["support"], body="Ofensiu")
    with pytest.raises(PermissionDenied):
        moderation_hide(item=comment, user=people["guidelines"], reason="No")
    with pytest.raises(ValidationError):
        moderation_hide(item=comment, user=people["secretariat"], reason="")

    moderation_hide(item=comment, user=people["secretariat"], reason="To")

    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == people["secretariat"]
    # Hidden: the text is the secretariat's to read; the author may not edit.
    (seen,) = svc.action_comments(action, people["execution"])
    assert not seen.text_shown
    (seen,) = svc.action_comments(action, people["secretariat"])
    assert seen.text_shown
    with pytest.raises(PermissionDenied):
        svc.comment_edit(comment=comment, user=people["support"], body="Suau")

    moderation_show(item=comment, user=people["secretariat"])
    comment.refresh_from_db()
    assert not comment.is_hidden
    svc.comment_delete(comment=comment, user=people["secretariat"])
    assert not ActionComment.objects.exists()


def test_the_support_body_attaches_evidence_with_a_comment(action, people):
    comment = svc.comment_add(
        action=action,
        user=people["support"],
        body="L'acta",
        evidence_url="https://example.org/acta",
    )
    evidence = Evidence.objects.get()
    assert comment.evidence == evidence
    assert evidence.from_support and evidence.action == action
    # Evidence is the support body's: the executing body comments without.
    with pytest.raises(PermissionDenied):
        svc.comment_add(
            action=action,
            user=people["execution"],
            body="Una altra",
            evidence_url="https://example.org/b",
        )
    assert ActionComment.objects.count() == 1


def _told(user, verb: str) -> bool:
    return Notification.objects.filter(recipient=user, verb=verb).exists()


def test_a_comment_tells_the_executing_and_the_support_bodies(action, people):
    svc.comment_add(action=action, user=people["support"], body="Com va?")

    assert _told(people["execution"], "workplans.comment")
    assert not _told(people["support"], "workplans.comment")  # their own
    for role in ("guidelines", "outside", "technician", "registered"):
        assert not _told(people[role], "workplans.comment")


def test_the_support_body_follows_the_roles_decisions(action, people):
    gov.guidelines_write(action=action, user=people["guidelines"], text="Criteris")
    assert not _told(people["support"], "workplans.action_changed")

    gov.guidelines_approve(action=action, user=people["guidelines"])
    assert _told(people["support"], "workplans.action_changed")
    assert not _told(people["outside"], "workplans.action_changed")

    Notification.objects.all().delete()
    gov.action_done_propose(action=action, user=people["execution"])
    assert _told(people["support"], "workplans.action_changed")


# The action page --------------------------------------------------------------


def _post(client, action, **data):
    return client.post(reverse("workplans:action_governance", args=[action.pk]), data)


def test_the_support_body_comments_on_the_action_page(client_for, action, people):
    support = client_for(people["support"])
    page = support.get(action.get_absolute_url()).content.decode()
    assert 'id="comment-form"' in page

    response = _post(support, action, op="comment", body="Hem revisat l'informe")
    assert response.status_code == HTTPStatus.FOUND
    comment = ActionComment.objects.get()

    page = client_for(people["technician"]).get(action.get_absolute_url())
    html = page.content.decode()
    assert f'id="comment-{comment.pk}"' in html
    assert "Hem revisat l&#x27;informe" in html or "Hem revisat l'informe" in html
    assert 'id="comment-form"' not in html  # reads, does not write


def test_people_outside_the_network_do_not_see_the_thread(client_for, action, people):
    svc.comment_add(action=action, user=people["support"], body="Intern")
    html = client_for(people["registered"]).get(action.get_absolute_url())
    assert 'id="comments"' not in html.content.decode()
    assert "Intern" not in html.content.decode()
    refused = _post(client_for(people["registered"]), action, op="comment", body="X")
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert ActionComment.objects.count() == 1


def test_edit_delete_and_moderation_on_the_action_page(client_for, action, people):
    comment = svc.comment_add(action=action, user=people["support"], body="Primer")
    author = client_for(people["support"])
    other = client_for(people["execution"])

    assert (
        _post(other, action, op="edit_comment", comment=comment.pk, body="No")
    ).status_code == HTTPStatus.FORBIDDEN
    _post(author, action, op="edit_comment", comment=comment.pk, body="Segon")
    comment.refresh_from_db()
    assert comment.body == "Segon"

    secretariat = client_for(people["secretariat"])
    _post(secretariat, action, op="hide_comment", comment=comment.pk, reason="Spam")
    html = other.get(action.get_absolute_url()).content.decode()
    assert "Spam" in html and "Segon" not in html

    _post(author, action, op="delete_comment", comment=comment.pk)
    assert not ActionComment.objects.exists()


# The API ------------------------------------------------------------------------


@pytest.fixture
def api(client):
    def call(method, url, user=None, data=None):
        kwargs = {"content_type": "application/json"}
        if user is not None:
            _, raw = api_token_create(user=user, name="test")
            kwargs["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        if data is not None:
            kwargs["data"] = data
        return getattr(client, method)(url, **kwargs)

    return call


def test_comments_through_the_api(api, action, people):
    url = f"/api/v1/plans/actions/{action.pk}/comments/"
    assert api("get", url).status_code == HTTPStatus.UNAUTHORIZED
    assert api("get", url, people["registered"]).status_code == HTTPStatus.FORBIDDEN
    assert (
        api("post", url, people["outside"], {"body": "Hola"}).status_code
        == HTTPStatus.FORBIDDEN
    )

    created = api(
        "post",
        url,
        people["support"],
        {"body": "Seguim", "evidence_url": "https://example.org/acta"},
    )
    assert created.status_code == HTTPStatus.CREATED
    data = created.json()
    assert data["body"] == "Seguim"
    assert data["evidence"]["from_support"] is True
    one = f"{url}{data['id']}/"

    assert (
        api("patch", one, people["execution"], {"body": "No"}).status_code
        == HTTPStatus.FORBIDDEN
    )
    edited = api("patch", one, people["support"], {"body": "Seguim de prop"})
    assert edited.status_code == HTTPStatus.OK
    assert edited.json()["edited_at"] is not None

    assert (
        api("post", f"{one}hide/", people["support"], {"reason": "x"}).status_code
        == HTTPStatus.FORBIDDEN
    )
    hidden = api("post", f"{one}hide/", people["secretariat"], {"reason": "Fora"})
    assert hidden.status_code == HTTPStatus.OK
    (listed,) = api("get", url, people["technician"]).json()
    assert listed["hidden"] is True and listed["body"] is None
    assert listed["hidden_reason"] == "Fora"
    (listed,) = api("get", url, people["secretariat"]).json()
    assert listed["body"] == "Seguim de prop"

    shown = api("post", f"{one}show/", people["secretariat"])
    assert shown.status_code == HTTPStatus.OK and shown.json()["hidden"] is False
    assert api("delete", one, people["execution"]).status_code == HTTPStatus.FORBIDDEN
    assert api("delete", one, people["support"]).status_code == HTTPStatus.NO_CONTENT
    assert not ActionComment.objects.exists()


# The admin ----------------------------------------------------------------------


def test_the_secretariat_moderates_comments_in_the_admin(client_for, action, people):
    comment = svc.comment_add(action=action, user=people["support"], body="Text")
    changelist = reverse("admin:workplans_actioncomment_changelist")
    change = reverse("admin:workplans_actioncomment_change", args=[comment.pk])

    assert client_for(people["technician"]).get(change).status_code in (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FOUND,
    )
    assert client_for(people["technician"]).get(changelist).status_code in (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.FOUND,
    )
    admin = client_for(people["secretariat"])
    assert admin.get(changelist).status_code == HTTPStatus.OK
    page = admin.get(change)
    assert page.status_code == HTTPStatus.OK
    assert 'name="body"' not in page.content.decode()  # the author's text

    response = admin.post(change, {"hidden_reason": "Dades personals"})
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Dades personals"
    assert comment.hidden_by == people["secretariat"]
    assert comment.body == "Text"

    admin.post(change, {"hidden_reason": ""})
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_the_thread_reads_in_the_same_queries_however_long(client_for, action, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(people["execution"])
    svc.comment_add(action=action, user=people["support"], body="1")
    client.get(action.get_absolute_url())  # warm caches (sessions, roles)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(action.get_absolute_url()).status_code == HTTPStatus.OK
        return len(captured)

    one = queries()
    for n in range(5):
        svc.comment_add(action=action, user=people["guidelines"], body=str(n))
    assert queries() == one
