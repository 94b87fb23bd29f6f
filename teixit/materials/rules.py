"""Who may do what with materials (loaded by rules' autodiscovery).

- anyone sees and downloads published public materials; registered users also
  members-only ones;
- members (technicians, body members, the secretariat) add materials; the
  person who added one edits it and uploads new versions while it waits for
  publication; the secretariat edits everything and publishes.
"""

import rules

from teixit.network.roles import (
    is_body_member,
    is_registered,
    is_secretariat,
    is_technician,
)


@rules.predicate
def is_adder(user, material) -> bool:
    return bool(
        material is not None
        and user.is_authenticated
        and material.created_by_id == user.pk
    )


@rules.predicate
def is_published(user, material) -> bool:
    return material is not None and material.is_published


@rules.predicate
def is_public(user, material) -> bool:
    return material is not None and material.visibility == "public"


is_affiliated = is_technician | is_body_member | is_secretariat
can_view = (is_published & (is_public | is_registered)) | is_adder | is_secretariat

rules.add_perm("materials", is_secretariat)  # the admin section
rules.add_perm("materials.view_material", can_view)
rules.add_perm("materials.add_material", is_affiliated)
rules.add_perm("materials.change_material", is_secretariat | (is_adder & ~is_published))
rules.add_perm("materials.delete_material", is_secretariat)
rules.add_perm("materials.publish_material", is_secretariat)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"materials.{action}_materialversion", is_secretariat)
