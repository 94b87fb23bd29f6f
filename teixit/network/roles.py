"""The roles of Teixit, as django-rules predicates.

Every permission rule of every app is built from these predicates and
registered with `rules.add_perm` in that app's `rules.py`; pages, admin and API
all ask `user.has_perm(...)`, so each rule is written once.

Roles:
- secretariat: superusers and current members of a body of kind "secretariat";
  they run the network and may do everything;
- body member: current member of any governance body;
- technician: current technician of a member organisation;
- registered member: any authenticated, active user;
- public: anonymous visitors.
"""

from __future__ import annotations

import time

import rules
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from .models import Body, BodyMembership, Technician

_CACHE_ATTR = "_teixit_roles"


# Role facts of each person are kept in the cache between requests (the main
# menu of every page asks for them: two queries a page). Any change to a body,
# a seat or a technician post starts a new generation (signals below), so a
# person whose roles change sees it on their next request; facts are per day,
# since seats and posts start and end on dates. Superuser and active flags are
# read from the user every time.
_GENERATION_KEY = "teixit:roles:generation"


def _facts_key(user, today) -> str:
    return f"teixit:roles:{user.pk}:{today.isoformat()}"


def _fresh_generation() -> int:
    """A generation no stored facts can hold: when the counter itself was lost
    (evicted, or the cache restarted while the facts stayed), counting again
    from 0 or 1 would match facts stored under those numbers before the loss,
    roles that may have changed since. The clock in nanoseconds is past every
    number the counter reached (one increment per change)."""
    return time.time_ns()


def roles_changed(**kwargs) -> None:
    """Start a new generation of cached role facts (every person's)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, _fresh_generation(), None)


def _stored_facts(user, today) -> dict:
    key = _facts_key(user, today)
    found = cache.get_many([_GENERATION_KEY, key])
    generation = found.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, _fresh_generation(), None)
        generation = cache.get(_GENERATION_KEY)
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return stored[1]
    body_rows = list(
        BodyMembership.objects.current(today)
        .filter(user=user)
        .values_list("body_id", "body__kind")
    )
    member_ids = (
        Technician.objects.current(today)
        .filter(user=user)
        .values_list("member_id", flat=True)
    )
    facts = {
        "secretariat_seat": any(kind == Body.Kind.SECRETARIAT for _, kind in body_rows),
        "body_ids": frozenset(body_id for body_id, _ in body_rows),
        "member_ids": frozenset(member_ids),
    }
    cache.set(key, (generation, facts), 24 * 60 * 60)
    return facts


def _roles(user) -> dict:
    """Role facts about a user, computed once per user object (per request)
    and kept in the cache until roles change."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    facts = {"secretariat": False, "body_ids": frozenset(), "member_ids": frozenset()}
    if user is not None and user.is_authenticated and user.is_active:
        stored = _stored_facts(user, timezone.localdate())
        facts = {
            "secretariat": user.is_superuser or stored["secretariat_seat"],
            "body_ids": stored["body_ids"],
            "member_ids": stored["member_ids"],
        }
    try:
        setattr(user, _CACHE_ATTR, facts)
    except AttributeError:
        pass
    return facts


def role_facts(user) -> tuple:
    """What the rules read about a person without an object, hashable: the
    secretariat seat, their bodies and their members (today's)."""
    facts = _roles(user)
    return (facts["secretariat"], facts["body_ids"], facts["member_ids"])


def forget_roles(user) -> None:
    """Drop the cached role facts (after memberships change)."""
    roles_changed()
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    # the permission answers kept on the user object were computed from them
    forget = getattr(user, "forget_permissions", None)
    if forget is not None:
        forget()


def body_ids_of(user) -> frozenset[int]:
    return _roles(user)["body_ids"]


def member_ids_of(user) -> frozenset[int]:
    return _roles(user)["member_ids"]


def sole_member_id(user) -> int | None:
    """The member a technician works for when there is only one (a form's
    initial choice), else None."""
    ids = _roles(user)["member_ids"]
    return next(iter(ids)) if len(ids) == 1 else None


@rules.predicate
def is_secretariat(user) -> bool:
    return _roles(user)["secretariat"]


@rules.predicate
def is_body_member(user) -> bool:
    return bool(_roles(user)["body_ids"])


@rules.predicate
def is_technician(user) -> bool:
    return bool(_roles(user)["member_ids"])


#: Network people: the secretariat, the members of any body and the
#: technicians of any member (who read what the network keeps to itself).
#: Written once here; the apps' rules import it.
is_network_person = is_secretariat | is_body_member | is_technician


@rules.predicate
def is_registered(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@rules.predicate
def is_technician_of_member(user, member) -> bool:
    """The object is a Member (or has `member_id`) the user works for."""
    if member is None:
        return False
    member_id = getattr(member, "member_id", None) or getattr(member, "pk", None)
    return member_id in _roles(user)["member_ids"]


@rules.predicate
def is_member_of_body(user, body) -> bool:
    if body is None:
        return False
    body_id = getattr(body, "body_id", None) or getattr(body, "pk", None)
    return body_id in _roles(user)["body_ids"]


def may_read_space(user, space, *, public: bool = True) -> bool:
    """Who reads a space (`teixit.core.models.ReadingSpace`: the debates'
    spaces and the wiki's), by its `visibility`: everyone a public one,
    network people one for members, the secretariat and the members of its
    body a body's. Written once for both apps' rules. `public=False` for an
    app without public spaces (the wiki): a "public" value is then read as
    a body's space, never as everyone's."""
    if space.visibility == "public" and public:
        return True
    if space.visibility == "members":
        return bool(is_network_person(user))
    return bool(
        is_secretariat(user)
        or (space.body_id is not None and is_member_of_body(user, space))
    )


def role_names(user) -> list[str]:
    """Machine names of the roles a user holds, most powerful first."""
    names = []
    if is_secretariat(user):
        names.append("secretariat")
    if is_body_member(user):
        names.append("body_member")
    if is_technician(user):
        names.append("technician")
    if is_registered(user):
        names.append("registered")
    return names or ["public"]


def members_q_for_technician(user, field: str = "member") -> Q:
    """A filter for rows belonging to the members the user works for."""
    return Q(**{f"{field}__in": list(_roles(user)["member_ids"])})
