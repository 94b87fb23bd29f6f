"""Permissions on municipal SSE services (loaded by rules' autodiscovery):
everyone reads; technicians of a member edit that member's services; the
secretariat edits all."""

import rules

from teixit.network.roles import is_secretariat, is_technician, is_technician_of_member


@rules.predicate
def is_technician_of_service_member(user, service) -> bool:
    if service is None:
        return bool(is_technician(user))
    return bool(is_technician_of_member(user, service))


can_edit = is_secretariat | is_technician_of_service_member

rules.add_perm("municipal_services.view_municipalservice", rules.always_allow)
rules.add_perm(
    "municipal_services.add_municipalservice", is_secretariat | is_technician
)
rules.add_perm("municipal_services.change_municipalservice", can_edit)
rules.add_perm("municipal_services.delete_municipalservice", can_edit)

# The app's section on the admin index.
rules.add_perm("municipal_services", is_secretariat | is_technician)
