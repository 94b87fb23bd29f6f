"""Reads of debates: what a person may see, and what is unread for them."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from teixit.core.db import count_subquery
from teixit.core.prepared import prepared
from teixit.network.roles import (
    body_ids_of,
    is_body_member,
    is_secretariat,
    is_technician,
)

from .models import Attachment, Debate, DebateVisit, Reply, Report, Space

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _reader(user) -> tuple[bool, bool, tuple[int, ...]]:
    """What decides the spaces a person reads: (every space, the members'
    spaces, the bodies whose spaces)."""
    if user.is_authenticated and is_secretariat(user):
        return True, False, ()
    if not (user.is_authenticated and user.is_active):
        return False, False, ()
    return (
        False,
        bool(is_body_member(user) or is_technician(user)),
        tuple(sorted(body_ids_of(user))),
    )


def _visible_q(prefix: str, everything: bool, members: bool, bodies) -> Q:
    if everything:
        return Q()
    q = Q(**{f"{prefix}visibility": Space.Visibility.PUBLIC})
    if members:
        q |= Q(**{f"{prefix}visibility": Space.Visibility.MEMBERS})
    if bodies:
        q |= Q(
            **{
                f"{prefix}visibility": Space.Visibility.BODY,
                f"{prefix}body_id__in": list(bodies),
            }
        )
    return q


def space_visible_q(user, prefix: str = "") -> Q:
    """The spaces (or, with `prefix="space__"`, the debates) a person reads."""
    return _visible_q(prefix, *_reader(user))


def _seen_at(user_id: int):
    return Subquery(
        DebateVisit.objects.filter(user=user_id, debate=OuterRef("pk")).values(
            "seen_at"
        )[:1]
    )


def space_list_for_user(user) -> QuerySet:
    """Visible spaces with their number of debates and, for a logged-in
    person, of debates with something unread."""
    everything, members, bodies = _reader(user)
    return _spaces(
        everything, members, bodies, user.pk if user.is_authenticated else None
    )


def _spaces(everything: bool, members: bool, bodies, user_id: int | None) -> QuerySet:
    qs = Space.objects.filter(_visible_q("", everything, members, bodies))
    qs = qs.select_related("body", "theme")
    # Counted in subqueries, not over a join with the debates: the unread
    # subquery would otherwise run once per debate rather than once per space.
    qs = qs.annotate(
        debate_count=count_subquery(
            Debate.objects.filter(space=OuterRef("pk")), "space"
        )
    )
    if user_id is not None:
        # Unread: no visit of the person since the debate's last activity
        # (never visited, or visited before it).
        seen_since = DebateVisit.objects.filter(
            user=user_id,
            debate=OuterRef("pk"),
            seen_at__gte=OuterRef("last_activity_at"),
        )
        unread = Debate.objects.filter(space=OuterRef("pk")).filter(~Exists(seen_since))
        qs = qs.annotate(unread_count=count_subquery(unread, "space"))
    else:
        qs = qs.annotate(unread_count=Value(0, output_field=IntegerField()))
    return qs.order_by("name")


def debate_list_for_user(user, *, space: Space | None = None) -> QuerySet:
    """Visible debates, latest activity first, each with `unread_count`
    (replies newer than the person's last visit; every reply when never
    visited)."""
    everything, members, bodies = _reader(user)
    qs = _debates(
        everything, members, bodies, user.pk if user.is_authenticated else None
    )
    if space is not None:
        qs = qs.filter(space=space)
    return qs


def _debates(everything: bool, members: bool, bodies, user_id: int | None) -> QuerySet:
    qs = Debate.objects.filter(
        _visible_q("space__", everything, members, bodies)
    ).select_related("space", "author")
    if user_id is not None:
        unread = (
            Reply.objects.visible()
            .filter(
                debate=OuterRef("pk"),
                created_at__gt=Coalesce(_seen_at_outer(user_id), Value(EPOCH)),
            )
            .exclude(author=user_id)
        )
        qs = qs.annotate(
            unread_count=count_subquery(unread, "debate"),
            seen_at=_seen_at(user_id),
        )
    else:
        qs = qs.annotate(unread_count=Value(0, output_field=IntegerField()))
    return qs.order_by("-last_activity_at", "-pk")


#: How many of the latest debates the debates' home page lists.
RECENT_DEBATES = 10


def _compiled_once(make):
    """`make(everything, members, bodies, user_id)`'s queryset compiled once
    per kind of reader (teixit/core/prepared.py): the person's id and bodies
    are its keys."""

    def for_reader(everything: bool, members: bool, authenticated: bool):
        if authenticated:

            def build(user_id: int, *bodies: int) -> QuerySet:
                return make(everything, members, bodies, user_id)

        else:

            def build(*bodies: int) -> QuerySet:
                return make(everything, members, bodies, None)

        return prepared(build)

    kept = {
        (everything, members, authenticated): for_reader(
            everything, members, authenticated
        )
        for everything in (False, True)
        for members in (False, True)
        for authenticated in (False, True)
    }

    def rows(user) -> list:
        everything, members, bodies = _reader(user)
        if user.is_authenticated:
            return kept[everything, members, True](user.pk, *bodies)
        return kept[everything, members, False](*bodies)

    return rows


#: `list(space_list_for_user(user))`, compiled once per kind of reader.
space_rows_for_user = _compiled_once(_spaces)
#: `list(debate_list_for_user(user)[:RECENT_DEBATES])`, compiled likewise.
recent_debates_for_user = _compiled_once(
    lambda *reader: _debates(*reader)[:RECENT_DEBATES]
)


def _seen_at_outer(user_id: int):
    """The visit of the debate of the outer query (used inside a reply subquery)."""
    return Subquery(
        DebateVisit.objects.filter(
            user=user_id, debate=OuterRef(OuterRef("pk"))
        ).values("seen_at")[:1]
    )


def debate_get(pk: int) -> Debate:
    """One debate with its space, author, closer and target: what the pages
    about one of its replies, its closing and its reports read (not its
    replies, agreements and attachments, which `debate_get_for_detail` reads
    for its page)."""
    return Debate.objects.select_related(
        "space", "author", "closed_by", "target_type"
    ).get(pk=pk)


def debate_get_for_detail(pk: int) -> Debate:
    replies = Reply.objects.select_related(
        "author", "hidden_by", "quote__author"
    ).prefetch_related("attachments")
    return (
        Debate.objects.select_related("space", "author", "closed_by", "target_type")
        .prefetch_related(
            Prefetch("replies", queryset=replies),
            "agreements",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(reply=None),
                to_attr="own_attachments",
            ),
        )
        .get(pk=pk)
    )


def debate_threads(debate: Debate) -> list[dict]:
    """The replies as threads: each top-level reply with its answers."""
    replies = list(debate.replies.all())
    children: dict[int, list[Reply]] = {}
    for reply in replies:
        if reply.parent_id:
            children.setdefault(reply.parent_id, []).append(reply)
    return [
        {"reply": reply, "children": children.get(reply.pk, [])}
        for reply in replies
        if reply.parent_id is None
    ]


def _debates_about(everything: bool, members: bool):
    def build(type_id: int, target_id: int, *bodies: int) -> QuerySet:
        return (
            Debate.objects.filter(
                _visible_q("space__", everything, members, bodies),
                target_type_id=type_id,
                target_id=target_id,
            )
            # What the object's panel shows of each (debates/panels.py): no
            # space, author or body read with them.
            .only("title", "status", "conclusions", "reply_count", "last_activity_at")
            .order_by("status", "-last_activity_at")
        )

    return prepared(build)


def _conclusions_about_action(everything: bool, members: bool):
    def build(action_id: int, type_id: int, *bodies: int) -> QuerySet:
        return (
            Debate.objects.filter(
                _visible_q("space__", everything, members, bodies),
                status=Debate.Status.CLOSED,
            )
            .filter(
                Q(agreements=action_id) | Q(target_type_id=type_id, target_id=action_id)
            )
            .distinct()
            .only("title", "conclusions", "closed_at")
            .order_by("-closed_at")
        )

    return prepared(build)


# Compiled once per kind of reader (teixit/core/prepared.py): the object
# pages ask them on every request; a reader's bodies are the keys.
_DEBATES_ABOUT = {
    (everything, members): _debates_about(everything, members)
    for everything in (False, True)
    for members in (False, True)
}
_CONCLUSIONS_ABOUT_ACTION = {
    (everything, members): _conclusions_about_action(everything, members)
    for everything in (False, True)
    for members in (False, True)
}


def debates_for_object(obj, user) -> list[Debate]:
    """Visible debates attached to `obj` (closed ones first: their
    conclusions are shown on the object's page)."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    everything, members, bodies = _reader(user)
    return _DEBATES_ABOUT[everything, members](content_type.pk, obj.pk, *bodies)


def conclusions_for_action(action, user) -> list[Debate]:
    """Visible closed debates whose agreements link to, or which are attached
    to, one plan action, newest closed first (the action's page; as
    `conclusions_for_actions`)."""
    content_type = ContentType.objects.get_for_model(action, for_concrete_model=False)
    everything, members, bodies = _reader(user)
    return _CONCLUSIONS_ABOUT_ACTION[everything, members](
        action.pk, content_type.pk, *bodies
    )


def conclusions_for_actions(action_ids, user) -> QuerySet:
    """Closed debates whose agreements link to, or which are attached to,
    these plan actions (the assembly report)."""
    from teixit.workplans.models import Action

    content_type = ContentType.objects.get_for_model(Action)
    return (
        Debate.objects.filter(
            space_visible_q(user, "space__"), status=Debate.Status.CLOSED
        )
        .filter(
            Q(agreements__in=list(action_ids))
            | Q(target_type=content_type, target_id__in=list(action_ids))
        )
        .distinct()
        .select_related("space")
        .prefetch_related("agreements")
        .order_by("-closed_at")
    )


def report_queue() -> QuerySet:
    """Reports waiting for a moderator, oldest first."""
    return (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("debate", "reply__author", "reporter")
        .order_by("created_at")
    )


def public_debates_of_space(space: Space, limit: int = 30) -> QuerySet:
    return (
        Debate.objects.filter(space=space)
        .select_related("author")
        .order_by("-created_at")[:limit]
    )
