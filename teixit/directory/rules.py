"""Permissions on the directory (loaded by rules' autodiscovery): everyone
reads published entries; the network's people (technicians of members, members
of governance bodies) propose entries and see and edit their own proposals;
the secretariat reviews (publishes or rejects), edits and deletes any."""

import rules

from teixit.network.roles import is_body_member, is_secretariat, is_technician


@rules.predicate
def is_published(user, entry) -> bool:
    return entry is not None and entry.status == "published"


@rules.predicate
def is_own_proposal(user, entry) -> bool:
    return (
        entry is not None
        and entry.status == "proposed"
        and user.is_authenticated
        and entry.proposed_by_id == user.pk
    )


can_propose = is_secretariat | is_body_member | is_technician

rules.add_perm(
    "directory.view_directoryentry", is_published | is_own_proposal | is_secretariat
)
rules.add_perm("directory.add_directoryentry", can_propose)
rules.add_perm("directory.change_directoryentry", is_secretariat | is_own_proposal)
rules.add_perm("directory.review_directoryentry", is_secretariat)
rules.add_perm("directory.delete_directoryentry", is_secretariat)

# The app's section on the admin index.
rules.add_perm("directory", is_secretariat)
