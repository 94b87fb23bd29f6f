from __future__ import annotations

from django.db.models import Q

from teixit.network.roles import body_ids_of, is_secretariat

from .models import Page, WikiSpace


def space_list_for_user(user):
    if not user.has_perm("wiki.view_wikispace"):
        return WikiSpace.objects.none()
    qs = WikiSpace.objects.select_related("parent", "body")
    if is_secretariat(user):
        return qs
    return qs.filter(Q(visibility="members") | Q(body_id__in=list(body_ids_of(user))))


def space_tree_for_user(user) -> list[tuple[int, WikiSpace]]:
    """The spaces a person reads as (depth, space), parents before children."""
    spaces = list(space_list_for_user(user))
    children: dict[int | None, list[WikiSpace]] = {}
    ids = {s.pk for s in spaces}
    for space in spaces:
        parent = space.parent_id if space.parent_id in ids else None
        children.setdefault(parent, []).append(space)
    out: list[tuple[int, WikiSpace]] = []

    def walk(parent, depth):
        for space in children.get(parent, []):
            out.append((depth, space))
            walk(space.pk, depth + 1)

    walk(None, 0)
    return out


def page_search(user, query: str):
    """Pages of the spaces a person reads whose title or text has the words."""
    qs = Page.objects.filter(space__in=space_list_for_user(user)).select_related(
        "space", "last_edited_by"
    )
    for word in query.split()[:10]:
        qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return qs.order_by("title")
