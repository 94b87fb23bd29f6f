"""Permissions on events (loaded by rules' autodiscovery).

- the secretariat creates and manages every event: publishes, cancels, marks
  it held, invites, sees who was invited, who answered and who came, writes
  the minutes and agreements;
- a member's technician creates events organised by their member; they stay
  drafts until the secretariat's review publishes them; the technician edits
  them while unpublished and takes attendance and sees the registrations;
- everyone sees public events; other listed events are seen by registered
  people; drafts only by their editors;
- registered people register: members-only events are for people of the
  network (technicians, body members, the secretariat);
- invitees answer through their personal link (no permission: the token).
"""

import rules

from teixit.network.roles import (
    is_network_person,
    is_registered,
    is_secretariat,
    is_technician,
    member_ids_of,
)

LISTED = ("published", "held", "cancelled")


@rules.predicate
def is_organiser_technician(user, event) -> bool:
    if event is None:
        return bool(is_technician(user))
    return bool(
        event.organiser_member_id and event.organiser_member_id in member_ids_of(user)
    )


@rules.predicate
def is_unpublished(user, event) -> bool:
    return event is None or event.status in ("draft", "submitted")


@rules.predicate
def is_public_event(user, event) -> bool:
    return event is None or (event.status in LISTED and event.audience == "public")


@rules.predicate
def is_listed(user, event) -> bool:
    return event is None or event.status in LISTED


@rules.predicate
def is_members_only(user, event) -> bool:
    return event is not None and event.audience == "members"


can_edit = is_secretariat | (is_organiser_technician & is_unpublished)
can_take_attendance = is_secretariat | is_organiser_technician

rules.add_perm(
    "events.view_event",
    is_public_event
    | (is_registered & is_listed)
    | is_secretariat
    | is_organiser_technician,
)
rules.add_perm("events.add_event", is_secretariat | is_technician)
rules.add_perm("events.change_event", can_edit)
rules.add_perm("events.delete_event", is_secretariat)
rules.add_perm("events.publish_event", is_secretariat)
rules.add_perm("events.invite_event", is_secretariat)
rules.add_perm("events.manage_registrations", can_take_attendance)
rules.add_perm("events.write_minutes", is_secretariat)
rules.add_perm(
    "events.register_event",
    is_registered & is_listed & (~is_members_only | is_network_person),
)
rules.add_perm("events.view_representation", is_network_person)

for model in (
    "agendaitem",
    "eventdocument",
    "invitation",
    "invitationoptout",
    "registration",
    "agreement",
):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"events.{action}_{model}", is_secretariat)

# The app's section on the admin index.
rules.add_perm("events", is_secretariat | is_technician)
