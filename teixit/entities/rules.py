"""Who may do what with SSE entities (loaded by rules' autodiscovery).

- everyone sees published entities and may propose new ones;
- a technician manages (edits, publishes, archives, verifies, merges) the
  entities of the municipality of a member they work for, never others;
- the secretariat manages every entity and may delete.
"""

from __future__ import annotations

import rules

from teixit.network.roles import is_secretariat, is_technician

_CACHE_ATTR = "_teixit_entity_municipalities"


def technician_municipality_ids(user) -> frozenset[int]:
    """Municipality ids of the members the user is a current technician of
    (cached on the user object for the request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .selectors import managed_municipality_ids

    ids = frozenset(managed_municipality_ids(user)) if user is not None else frozenset()
    try:
        setattr(user, _CACHE_ATTR, ids)
    except AttributeError:
        pass
    return ids


@rules.predicate
def is_technician_of_entity_municipality(user, entity) -> bool:
    """The entity (or anything with `municipality_id`, or a Municipality) is in
    the municipality of a member the user works for."""
    if entity is None:
        return False
    municipality_id = getattr(entity, "municipality_id", None)
    if municipality_id is None and entity.__class__.__name__ == "Municipality":
        municipality_id = entity.pk
    return (
        municipality_id is not None
        and municipality_id in technician_municipality_ids(user)
    )


@rules.predicate
def is_published_entity(user, entity) -> bool:
    return entity is not None and getattr(entity, "status", None) == "published"


@rules.predicate
def no_object(user, obj) -> bool:
    return obj is None


@rules.predicate
def is_creator(user, obj) -> bool:
    return obj is not None and getattr(obj, "created_by_id", None) == user.pk


can_manage_entity = is_secretariat | is_technician_of_entity_municipality
# Lists and the admin changelist (no object yet): technicians and secretariat.
can_manage_entities = (
    is_secretariat | (is_technician & no_object) | is_technician_of_entity_municipality
)

rules.add_perm("entities", is_secretariat | is_technician)
rules.add_perm("entities.view_entity", is_published_entity | can_manage_entities)
rules.add_perm("entities.add_entity", is_secretariat | is_technician)
rules.add_perm("entities.change_entity", can_manage_entities)
rules.add_perm("entities.publish_entity", can_manage_entity)
rules.add_perm("entities.archive_entity", can_manage_entity)
rules.add_perm("entities.verify_entity", can_manage_entity)
rules.add_perm("entities.merge_entity", can_manage_entity)
rules.add_perm("entities.delete_entity", is_secretariat)
rules.add_perm("entities.propose_entity", rules.always_allow)
rules.add_perm("entities.list_managed_entities", is_secretariat | is_technician)
rules.add_perm("entities.import_entities", is_secretariat | is_technician)

rules.add_perm(
    "entities.view_importbatch",
    is_secretariat | (is_technician & (no_object | is_creator)),
)
rules.add_perm("entities.add_importbatch", rules.always_deny)
rules.add_perm("entities.change_importbatch", rules.always_deny)
rules.add_perm("entities.delete_importbatch", is_secretariat)

rules.add_perm("entities.view_savedmapping", is_secretariat | is_technician)
rules.add_perm("entities.add_savedmapping", is_secretariat | is_technician)
rules.add_perm(
    "entities.change_savedmapping",
    is_secretariat | (is_technician & (no_object | is_creator)),
)
rules.add_perm(
    "entities.delete_savedmapping", is_secretariat | (is_technician & is_creator)
)
