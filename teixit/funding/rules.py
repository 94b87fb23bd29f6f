"""Permissions on funding lines (loaded by rules' autodiscovery): everyone
reads the lines and their overlaps; members of a governance body (the
commission that coordinates funding) and the secretariat register, edit and
import lines, open the overlap matrix and resolve overlaps; only the
secretariat deletes."""

import rules

from teixit.network.roles import is_body_member, is_secretariat

can_coordinate = is_secretariat | is_body_member

rules.add_perm("funding.view_fundingline", rules.always_allow)
rules.add_perm("funding.add_fundingline", can_coordinate)
rules.add_perm("funding.change_fundingline", can_coordinate)
rules.add_perm("funding.delete_fundingline", is_secretariat)
rules.add_perm("funding.import_fundingline", can_coordinate)
rules.add_perm("funding.view_overlap_matrix", can_coordinate)
rules.add_perm("funding.add_overlapresolution", can_coordinate)
rules.add_perm("funding.view_overlapresolution", can_coordinate)
rules.add_perm("funding.change_overlapresolution", is_secretariat)
rules.add_perm("funding.delete_overlapresolution", is_secretariat)

# The app's section on the admin index.
rules.add_perm("funding", is_secretariat)
