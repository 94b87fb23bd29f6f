import datetime as dt
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.core.moderation import moderation_hide
from teixit.debates import selectors, services
from teixit.debates.models import Attachment, Debate, Reply, Report, Space
from teixit.municipal_services.tests.factories import MunicipalServiceFactory
from teixit.notifications.models import Notification

from .factories import DebateFactory, ReplyFactory, SpaceFactory, old_account

pytestmark = pytest.mark.django_db

VISIBILITY_TABLE = [
    # visibility, role → may read
    ("public", "anonymous", True),
    ("public", "registered", True),
    ("members", "anonymous", False),
    ("members", "registered", False),
    ("members", "technician", True),
    ("members", "body_member", True),
    ("members", "secretariat", True),
    ("body", "registered", False),
    ("body", "technician", False),
    ("body", "body_member", True),
    ("body", "other_body_member", False),
    ("body", "secretariat", True),
]


@pytest.fixture
def people(registered_user, technician_user, body_member_user, secretariat_user):
    from django.contrib.auth.models import AnonymousUser

    from teixit.network.tests.factories import BodyFactory, BodyMembershipFactory

    other = UserFactory()
    BodyMembershipFactory(user=other, body=BodyFactory(kind="executive"))
    return {
        "anonymous": AnonymousUser(),
        "registered": registered_user,
        "technician": technician_user,
        "body_member": body_member_user,
        "other_body_member": other,
        "secretariat": secretariat_user,
    }


@pytest.mark.parametrize(("visibility", "role", "may_read"), VISIBILITY_TABLE)
def test_space_visibility_decides_who_reads_and_writes(
    people, technical_commission, client_for, visibility, role, may_read
):
    space = SpaceFactory(
        visibility=visibility,
        body=technical_commission if visibility == "body" else None,
    )
    debate = DebateFactory(space=space)
    user = people[role]
    assert user.has_perm("debates.view_debate", debate) is may_read
    listed = selectors.debate_list_for_user(user).filter(pk=debate.pk).exists()
    assert listed is may_read
    assert user.has_perm("debates.add_debate", space) is (
        may_read and role != "anonymous"
    )
    client = client_for(None if role == "anonymous" else user)
    response = client.get(debate.get_absolute_url())
    if may_read:
        assert response.status_code == HTTPStatus.OK
    else:
        assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND)
        assert debate.title not in response.content.decode()
    api = client.get(f"/api/v1/debates/{debate.pk}/")
    assert api.status_code == (HTTPStatus.OK if may_read else HTTPStatus.NOT_FOUND)


def test_reply_nests_one_level_and_notifies_author_and_followers(
    technician_user, body_member_user, secretariat_user
):
    space = SpaceFactory(visibility=Space.Visibility.MEMBERS)
    debate = services.debate_create(
        space=space, author=technician_user, title="Model de servei", body="Proposta"
    )
    first = services.reply_create(
        debate=debate, author=body_member_user, body="Hi estic d'acord"
    )
    second = services.reply_create(
        debate=debate, author=secretariat_user, body="I jo", parent=first
    )
    third = services.reply_create(
        debate=debate, author=technician_user, body="Gràcies", parent=second
    )
    assert third.parent == first  # one level: answers to answers join the thread
    debate.refresh_from_db()
    assert debate.reply_count == 3
    # The author of the debate hears of every reply but their own; the
    # body member follows since replying.
    told = Notification.objects.filter(verb="debates.replied")
    assert set(
        told.filter(recipient=technician_user).values_list("actor", flat=True)
    ) == {
        body_member_user.pk,
        secretariat_user.pk,
    }
    assert told.filter(recipient=body_member_user).count() == 2


def test_closed_debate_takes_no_replies_and_conclusions_show_on_the_attached_object(
    client_for, technician_user, secretariat_user, body_member_user
):
    service = MunicipalServiceFactory()
    space = SpaceFactory(visibility=Space.Visibility.MEMBERS)
    debate = services.debate_create(
        space=space,
        author=technician_user,
        title="Model de servei d'ESS de Sabadell",
        body="Com l'organitzem?",
        target=service,
    )
    services.reply_create(
        debate=debate, author=body_member_user, body="Amb una cooperativa"
    )
    with pytest.raises(PermissionDenied):
        services.debate_close(debate=debate, user=body_member_user, conclusions="No")
    with pytest.raises(ValidationError):
        services.debate_close(debate=debate, user=secretariat_user, conclusions="  ")
    services.debate_close(
        debate=debate,
        user=secretariat_user,
        conclusions="Crear una **cooperativa** de serveis",
    )
    with pytest.raises(ValidationError) as exc:
        services.reply_create(debate=debate, author=body_member_user, body="Tard")
    assert exc.value.code == "closed"
    page = client_for(body_member_user).get(service.get_absolute_url()).content.decode()
    assert "<strong>cooperativa</strong>" in page
    assert "Model de servei d&#x27;ESS de Sabadell" in page
    # Not shown to someone who may not read the space.
    outsider = (
        client_for(UserFactory()).get(service.get_absolute_url()).content.decode()
    )
    assert "cooperativa</strong>" not in outsider
    assert Notification.objects.filter(
        verb="debates.closed", recipient=technician_user
    ).exists()


def test_author_may_close_own_debate(technician_user):
    debate = DebateFactory(author=technician_user, space=SpaceFactory())
    services.debate_close(debate=debate, user=technician_user, conclusions="Fet")
    assert Debate.objects.get(pk=debate.pk).status == Debate.Status.CLOSED


def test_reply_edit_is_free_for_15_minutes_then_marked_with_history(registered_user):
    reply = ReplyFactory(
        author=registered_user, debate=DebateFactory(space=SpaceFactory())
    )
    services.reply_update(reply=reply, user=registered_user, body="Corregit")
    reply.refresh_from_db()
    assert reply.edited_at is None and not reply.revisions.exists()
    Reply.objects.filter(pk=reply.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=16)
    )
    reply.refresh_from_db()
    services.reply_update(reply=reply, user=registered_user, body="Canviat després")
    reply.refresh_from_db()
    assert reply.edited_at is not None
    assert [r.body for r in reply.revisions.all()] == ["Corregit"]
    with pytest.raises(PermissionDenied):
        services.reply_update(reply=reply, user=UserFactory(), body="No és meu")


def test_moderator_hides_reply_with_reason_and_resolves_reports(
    client_for, registered_user, secretariat_user
):
    reply = ReplyFactory(debate=DebateFactory(space=SpaceFactory()), body="Insult")
    services.report_create(
        debate=reply.debate, reply=reply, reporter=registered_user, reason="Ofensiu"
    )
    with pytest.raises(ValidationError) as exc:
        services.report_create(
            debate=reply.debate,
            reply=reply,
            reporter=registered_user,
            reason="Un altre cop",
        )
    assert exc.value.code == "already_reported"
    assert Notification.objects.filter(
        verb="debates.reported", recipient=secretariat_user
    ).exists()
    assert list(selectors.report_queue()) == list(Report.objects.all())
    with pytest.raises(PermissionDenied):
        moderation_hide(item=reply, user=registered_user, reason="No")
    with pytest.raises(ValidationError):
        moderation_hide(item=reply, user=secretariat_user, reason="")
    moderation_hide(item=reply, user=secretariat_user, reason="Falta de respecte")
    assert not selectors.report_queue().exists()
    page = (
        client_for(registered_user)
        .get(reply.debate.get_absolute_url())
        .content.decode()
    )
    assert "Falta de respecte" in page
    assert "Insult" not in page
    api = client_for(registered_user).get(f"/api/v1/debates/{reply.debate_id}/").json()
    assert api["replies"][0]["body"] == "" and api["replies"][0]["hidden"] is True


def test_new_accounts_are_rate_limited_established_ones_are_not(registered_user):
    debate = DebateFactory(space=SpaceFactory())
    for n in range(5):
        services.reply_create(
            debate=debate, author=registered_user, body=f"Missatge {n}"
        )
    with pytest.raises(ValidationError) as exc:
        services.reply_create(debate=debate, author=registered_user, body="Un més")
    assert exc.value.code == "rate_limited"
    assert Reply.objects.filter(author=registered_user).count() == 5
    old_account(registered_user)
    services.reply_create(debate=debate, author=registered_user, body="Ara sí")


def test_mentions_notify_people_who_may_read_only(technician_user, registered_user):
    technician_user.name = "Anna Puig"
    technician_user.save(update_fields=["name"])
    registered_user.name = "Pere Soler"
    registered_user.save(update_fields=["name"])
    space = SpaceFactory(visibility=Space.Visibility.MEMBERS)
    author = UserFactory(is_superuser=True)
    debate = DebateFactory(space=space, author=author)
    services.reply_create(
        debate=debate, author=author, body="@anna-puig i @pere-soler, què en dieu?"
    )
    mentioned = Notification.objects.filter(verb="debates.mention")
    assert list(mentioned.values_list("recipient", flat=True)) == [technician_user.pk]


def test_attachments_pass_the_materials_upload_checks(registered_user):
    debate = DebateFactory(space=SpaceFactory())
    exe = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError):
        services.reply_create(
            debate=debate, author=registered_user, body="Mireu", files=[exe]
        )
    assert not Reply.objects.exists() and not Attachment.objects.exists()
    pdf = SimpleUploadedFile(
        "acta.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
    )
    reply = services.reply_create(
        debate=debate, author=registered_user, body="Acta", files=[pdf]
    )
    assert reply.attachments.get().content_type == "application/pdf"


def test_unread_counts_per_debate_and_space(registered_user, body_member_user):
    space = SpaceFactory()
    debate = DebateFactory(space=space)
    ReplyFactory(debate=debate)
    ReplyFactory(debate=debate)
    row = selectors.debate_list_for_user(registered_user).get(pk=debate.pk)
    assert row.unread_count == 2
    assert (
        selectors.space_list_for_user(registered_user).get(pk=space.pk).unread_count
        == 1
    )
    services.debate_mark_seen(user=registered_user, debate=debate)
    assert (
        selectors.debate_list_for_user(registered_user).get(pk=debate.pk).unread_count
        == 0
    )
    assert (
        selectors.space_list_for_user(registered_user).get(pk=space.pk).unread_count
        == 0
    )


def test_atom_feed_for_public_spaces_only(client):
    public = SpaceFactory(visibility="public")
    DebateFactory(space=public, title="Debat obert")
    response = client.get(f"/debates/spaces/{public.slug}/feed/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Debat obert" in response.content.decode()
    members = SpaceFactory(visibility="members")
    assert (
        client.get(f"/debates/spaces/{members.slug}/feed/").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_search_finds_public_debates_only(registered_user, client_for):
    DebateFactory(space=SpaceFactory(visibility="public"), title="Moneda social")
    DebateFactory(space=SpaceFactory(visibility="members"), title="Moneda secreta")
    page = client_for(registered_user).get("/search/", {"q": "moneda"}).content.decode()
    assert "Moneda social" in page
    assert "Moneda secreta" not in page


def test_views_start_reply_and_close(client_for, secretariat_user, body_member_user):
    space = SpaceFactory(visibility="members")
    client = client_for(body_member_user)
    response = client.post(
        f"/debates/spaces/{space.slug}/new/", {"title": "Nou debat", "body": "Text"}
    )
    debate = Debate.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    response = client.post(f"/debates/{debate.pk}/reply/", {"body": "Resposta"})
    assert response.status_code == HTTPStatus.FOUND
    # A bad reply changes nothing and says why.
    response = client.post(f"/debates/{debate.pk}/reply/", {"body": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Reply.objects.count() == 1
    assert (
        client.get(f"/debates/{debate.pk}/close/").status_code == HTTPStatus.OK
    )  # author
    assert client_for(UserFactory()).get(
        f"/debates/{debate.pk}/close/"
    ).status_code in (
        HTTPStatus.FORBIDDEN,
        HTTPStatus.NOT_FOUND,
    )
    response = client_for(secretariat_user).post(
        f"/debates/{debate.pk}/close/", {"conclusions": "Acordat"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert "Acordat" in client.get(debate.get_absolute_url()).content.decode()


def test_api_lists_visible_debates(client, client_for, body_member_user):
    DebateFactory(space=SpaceFactory(visibility="public"), title="Públic")
    DebateFactory(space=SpaceFactory(visibility="members"), title="Intern")
    titles = {d["title"] for d in client.get("/api/v1/debates/").json()["items"]}
    assert titles == {"Públic"}
    titles = {
        d["title"]
        for d in client_for(body_member_user).get("/api/v1/debates/").json()["items"]
    }
    assert titles == {"Públic", "Intern"}


def test_demo_spaces_are_created_once(technical_commission):
    from django.core.management import call_command

    call_command("demo_debates")
    call_command("demo_debates")
    assert Space.objects.count() == 3
    assert Space.objects.get(slug="comissio-tecnica").body == technical_commission


def test_only_moderators_reach_the_hide_view(client_for, registered_user):
    """The hide (and unhide) view refuses non-moderators before reading the
    form: a 403, not a redirect with a message about the missing reason."""
    from django.urls import reverse

    reply = ReplyFactory(debate=DebateFactory(space=SpaceFactory()))
    url = reverse("debates:reply_hide", args=[reply.debate_id, reply.pk])
    client = client_for(registered_user)
    for data in ({}, {"reason": "Spam"}, {"unhide": "1"}):
        assert client.post(url, data).status_code == HTTPStatus.FORBIDDEN
    reply.refresh_from_db()
    assert reply.hidden_at is None


def test_a_space_page_reads_its_debates_in_queries_that_do_not_grow(
    client_for, registered_user
):
    """The space's page lists its debates without their space or author (the
    rows show neither): as many queries for 2 debates as for 12, and each
    row's title, link and reply count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from .factories import DebateFactory, SpaceFactory

    space = SpaceFactory()
    for _ in range(2):
        DebateFactory(space=space)
    url = reverse("debates:space", kwargs={"slug": space.slug})
    for client in (client_for(), client_for(registered_user)):
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        DebateFactory.create_batch(10, space=space)
        with CaptureQueriesContext(connection) as many:
            html = client.get(url).content.decode()
        assert len(many) == len(few)
        for debate in space.debates.all():
            assert f'<a href="{debate.get_absolute_url()}">{debate.title}</a>' in html
        space.debates.all().delete()
        for _ in range(2):
            DebateFactory(space=space)


def test_a_space_page_lists_every_debate_a_page_at_a_time(client_for, registered_user):
    """A space with more debates than a page holds lists them 25 at a time,
    the most recently active first, with links to the other pages: every
    debate is on one page (none is left out), a page out of range shows the
    last one."""
    import datetime as dt
    import re

    from django.urls import reverse
    from django.utils import timezone

    from teixit.debates.models import Debate
    from teixit.debates.views import DEBATES_PER_PAGE

    from .factories import DebateFactory, SpaceFactory

    space = SpaceFactory()
    now = timezone.now()
    debates = DebateFactory.create_batch(DEBATES_PER_PAGE + 5, space=space)
    for n, debate in enumerate(debates):
        Debate.objects.filter(pk=debate.pk).update(
            last_activity_at=now - dt.timedelta(hours=n)
        )
    url = reverse("debates:space", kwargs={"slug": space.slug})
    client = client_for(registered_user)

    def titles(html: str) -> list[str]:
        return re.findall(r'<li>\s*<a href="/debates/\d+/">([^<]+)</a>', html)

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert titles(first) == [d.title for d in debates[:DEBATES_PER_PAGE]]
    assert titles(second) == [d.title for d in debates[DEBATES_PER_PAGE:]]
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    assert "Pàgina 2 de 2" in second
    assert titles(client.get(url, {"page": 99}).content.decode()) == titles(second)
    assert titles(client.get(url, {"page": "x"}).content.decode()) == titles(first)


def test_the_pages_about_one_reply_and_the_closing_read_no_other_reply(
    client_for, secretariat_user
):
    """Editing a reply, its history and the closing form show the debate's
    title, not its replies: they read none of them (nor the agreements), so a
    long debate costs them what a short one does; the debate's page reads them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    debate = DebateFactory(author=secretariat_user)
    reply = ReplyFactory(debate=debate, author=secretariat_user)
    urls = [
        reverse("debates:reply_edit", args=[debate.pk, reply.pk]),
        reverse("debates:reply_history", args=[debate.pk, reply.pk]),
        reverse("debates:close", args=[debate.pk]),
    ]
    client = client_for(secretariat_user)

    def read(url) -> list[str]:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert debate.title in response.content.decode()
        return [q["sql"] for q in ctx.captured_queries]

    few = {url: len(read(url)) for url in urls}
    ReplyFactory.create_batch(8, debate=debate)
    for url in urls:
        queries = read(url)
        assert len(queries) == few[url], url
        agreements = [sql for sql in queries if "debates_debate_agreements" in sql]
        others = [
            sql
            for sql in queries
            if 'FROM "debates_reply"' in sql and '"debates_reply"."id" = ' not in sql
        ]
        assert not agreements and not others, (url, queries)
    page = client.get(debate.get_absolute_url()).content.decode()
    assert page.count("acord.") >= 9


def test_the_debates_home_reads_what_the_querysets_read_for_every_reader(
    people, technical_commission
):
    """`space_rows_for_user` and `recent_debates_for_user` (SQL compiled once
    per kind of reader, the person and their bodies as keys) give the rows,
    order and counts of `space_list_for_user` and `debate_list_for_user`."""
    spaces = [
        SpaceFactory(visibility=visibility, body=technical_commission)
        if visibility == "body"
        else SpaceFactory(visibility=visibility)
        for visibility in ("public", "members", "body", "public")
    ]
    for index, space in enumerate(spaces * 4):
        debate = DebateFactory(space=space, title=f"Debat {index}")
        for _ in range(index % 3):
            ReplyFactory(debate=debate)
    services.debate_mark_seen(user=people["body_member"], debate=debate)

    def shown(rows, *names):
        return [tuple(getattr(row, name) for name in ("pk", *names)) for row in rows]

    for role, user in people.items():
        for _ in range(2):  # compiled the first time, reused the second
            spaces_read = selectors.space_rows_for_user(user)
            recent = selectors.recent_debates_for_user(user)
            assert shown(spaces_read, "debate_count", "unread_count") == shown(
                selectors.space_list_for_user(user), "debate_count", "unread_count"
            ), role
            assert shown(recent, "unread_count", "title") == shown(
                selectors.debate_list_for_user(user)[: selectors.RECENT_DEBATES],
                "unread_count",
                "title",
            ), role
            assert len(recent) == min(
                selectors.RECENT_DEBATES, selectors.debate_list_for_user(user).count()
            )
        assert recent and recent[0].space.name  # the space read with each
