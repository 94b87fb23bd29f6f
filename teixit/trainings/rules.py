"""Permissions on trainings (loaded by rules' autodiscovery).

- everyone sees published (and cancelled) trainings; drafts only their editors;
- technicians, body members and the secretariat create trainings;
- the secretariat, the technicians of the organising member and the person who
  created a training edit it, publish or cancel it, see its registrations and
  take attendance;
- the meeting link of an online training is shown to its registered
  participants and to those who run it;
- registered people register when the training is open to other members, or
  when they work for the organising member.
"""

import rules

from teixit.network.roles import (
    is_body_member,
    is_registered,
    is_secretariat,
    is_technician,
    member_ids_of,
)

from .models import Training

can_create = is_secretariat | is_technician | is_body_member


@rules.predicate
def is_training_editor(user, training) -> bool:
    """Runs the training: what `Training.objects.managed_by(user)` (the scope,
    written once) decides — the secretariat, the person who created it, the
    technicians of its member. Without an object: may the user edit trainings
    at all (admin lists)?"""
    if training is None:
        return bool(can_create(user))
    if not is_registered(user) or training.pk is None:
        return False
    return Training.objects.managed_by(user).filter(pk=training.pk).exists()


@rules.predicate
def is_listed(user, training) -> bool:
    return training is None or training.status != "draft"


@rules.predicate
def may_join(user, training) -> bool:
    if training is None:
        return True
    if training.open_to_other_members:
        return True
    return bool(training.member_id and training.member_id in member_ids_of(user))


can_edit = is_training_editor


@rules.predicate
def is_registered_participant(user, training) -> bool:
    """Holds a confirmed place (not the waiting list, not cancelled)."""
    if training is None or not is_registered(user):
        return False
    return training.registrations.filter(user=user, status="registered").exists()


rules.add_perm("trainings.view_training", is_listed | can_edit)
rules.add_perm("trainings.add_training", can_create)
rules.add_perm("trainings.change_training", can_edit)
rules.add_perm("trainings.delete_training", can_edit)
rules.add_perm("trainings.publish_training", can_edit)
rules.add_perm("trainings.manage_registrations", can_edit)
# The meeting link of an online training: its registered participants and
# those who run it; the page, the API and the calendar feed ask this rule.
rules.add_perm("trainings.view_meeting_link", can_edit | is_registered_participant)
rules.add_perm(
    "trainings.register_training", is_registered & (is_secretariat | may_join)
)
# Registrations and attendance rows are administered by the secretariat only;
# organisers manage them from the training's pages.
rules.add_perm("trainings.view_registration", is_secretariat)
rules.add_perm("trainings.change_registration", is_secretariat)
rules.add_perm("trainings.add_registration", is_secretariat)
rules.add_perm("trainings.delete_registration", is_secretariat)
rules.add_perm("trainings.view_trainingsession", can_create)
rules.add_perm("trainings.add_trainingsession", can_create)
rules.add_perm("trainings.change_trainingsession", can_create)
rules.add_perm("trainings.delete_trainingsession", can_create)

# The app's section on the admin index.
rules.add_perm("trainings", can_create)
