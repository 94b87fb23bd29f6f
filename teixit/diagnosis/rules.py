"""Permissions of the diagnosis app (loaded by rules' autodiscovery)."""

import rules

from teixit.network.roles import (
    is_network_person,
    is_secretariat,
    is_technician,
    is_technician_of_member,
)


@rules.predicate
def is_public_diagnosis(user, diagnosis) -> bool:
    return diagnosis is not None and diagnosis.visibility == "public"


@rules.predicate
def is_members_diagnosis(user, diagnosis) -> bool:
    return diagnosis is not None and diagnosis.visibility == "members"


@rules.predicate
def is_draft_questionnaire(user, obj) -> bool:
    """Published versions are frozen; their sections and questions too."""
    from .models import MethodologyVersion, Question, Section

    if obj is None:
        return True
    if isinstance(obj, MethodologyVersion):
        version = obj
    elif isinstance(obj, Section):
        version = obj.version
    elif isinstance(obj, Question):
        version = obj.section.version
    else:
        return True
    return version.status == MethodologyVersion.Status.DRAFT


can_view_diagnosis = (
    is_public_diagnosis
    | (is_members_diagnosis & is_network_person)
    | is_technician_of_member
    | is_secretariat
)

rules.add_perm("diagnosis", is_secretariat)
rules.add_perm("diagnosis.view_diagnosis", can_view_diagnosis)
rules.add_perm("diagnosis.add_diagnosis", is_secretariat | is_technician)
rules.add_perm(
    "diagnosis.start_diagnosis_for_member", is_secretariat | is_technician_of_member
)
rules.add_perm("diagnosis.change_diagnosis", is_secretariat | is_technician_of_member)
rules.add_perm("diagnosis.submit_diagnosis", is_secretariat | is_technician_of_member)
rules.add_perm("diagnosis.validate_diagnosis", is_secretariat)
rules.add_perm("diagnosis.delete_diagnosis", is_secretariat)
rules.add_perm("diagnosis.view_private_indicators", is_network_person)
rules.add_perm("diagnosis.snapshot_indicators", is_secretariat)

for model in ("methodology", "methodologyversion", "section", "question"):
    rules.add_perm(f"diagnosis.view_{model}", is_secretariat)
    rules.add_perm(f"diagnosis.add_{model}", is_secretariat)
for model in ("methodologyversion", "section", "question"):
    rules.add_perm(f"diagnosis.change_{model}", is_secretariat & is_draft_questionnaire)
    rules.add_perm(f"diagnosis.delete_{model}", is_secretariat & is_draft_questionnaire)
rules.add_perm("diagnosis.change_methodology", is_secretariat)
rules.add_perm("diagnosis.delete_methodology", is_secretariat)

for model in ("answer", "diagnosisdocument", "indicatorvalue"):
    rules.add_perm(f"diagnosis.view_{model}", is_secretariat)
rules.add_perm("diagnosis.change_answer", rules.always_deny)
rules.add_perm("diagnosis.add_answer", rules.always_deny)
rules.add_perm("diagnosis.delete_answer", rules.always_deny)
rules.add_perm("diagnosis.add_diagnosisdocument", rules.always_deny)
rules.add_perm("diagnosis.change_diagnosisdocument", rules.always_deny)
rules.add_perm("diagnosis.delete_diagnosisdocument", is_secretariat)
rules.add_perm("diagnosis.add_indicatorvalue", rules.always_deny)
rules.add_perm("diagnosis.change_indicatorvalue", rules.always_deny)
rules.add_perm("diagnosis.delete_indicatorvalue", rules.always_deny)
