"""Who may do what with practices (loaded by rules' autodiscovery).

- anyone sees published public practices; registered users also published
  members-only ones (failures included: they are never hidden from members);
- members (technicians, body members, the secretariat) write practices; the
  author edits while draft or sent back and submits for review;
- the secretariat edits everything, publishes or sends back with a comment,
  and imports files of practices from other banks;
- anyone exports the practices they may read (CSV, JSON-LD).
"""

import rules

from teixit.network.roles import (
    is_body_member,
    is_registered,
    is_secretariat,
    is_technician,
)


@rules.predicate
def is_author(user, practice) -> bool:
    return bool(
        practice is not None and user.is_authenticated and practice.author_id == user.pk
    )


@rules.predicate
def is_published(user, practice) -> bool:
    return practice is not None and practice.is_published


@rules.predicate
def is_public(user, practice) -> bool:
    return practice is not None and practice.visibility == "public"


@rules.predicate
def author_may_edit(user, practice) -> bool:
    return practice is not None and practice.is_editable_by_author


@rules.predicate
def is_in_review(user, practice) -> bool:
    return practice is not None and practice.status == "review"


is_affiliated = is_technician | is_body_member | is_secretariat
can_view = (is_published & (is_public | is_registered)) | is_author | is_secretariat

rules.add_perm("practices", is_secretariat)  # the admin section
rules.add_perm("practices.view_practice", can_view)
rules.add_perm("practices.add_practice", is_affiliated)
rules.add_perm(
    "practices.change_practice", is_secretariat | (is_author & author_may_edit)
)
rules.add_perm(
    "practices.delete_practice", is_secretariat | (is_author & author_may_edit)
)
rules.add_perm("practices.submit_practice", is_author & author_may_edit)
rules.add_perm("practices.review_practice", is_secretariat)
rules.add_perm("practices.import_practice", is_secretariat)
for model in ("practicedocument", "practicelink"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"practices.{action}_{model}", is_secretariat)
