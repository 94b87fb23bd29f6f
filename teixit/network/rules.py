"""Permissions on the network's own records (loaded by rules' autodiscovery).

The secretariat may do everything (see `User.has_perm`); the rules below say
what the other roles may do, and are what the pages, the admin and the API ask.
"""

import rules

from .roles import is_registered, is_secretariat

# The admin shows the "network" section to whoever this module rule allows.
rules.add_perm("network", is_secretariat)

rules.add_perm("network.view_network", rules.always_allow)
rules.add_perm("network.add_network", is_secretariat)
rules.add_perm("network.change_network", is_secretariat)
rules.add_perm("network.delete_network", is_secretariat)

rules.add_perm("network.view_member", rules.always_allow)
rules.add_perm("network.add_member", is_secretariat)
rules.add_perm("network.change_member", is_secretariat)
rules.add_perm("network.delete_member", is_secretariat)

rules.add_perm("network.view_body", rules.always_allow)
rules.add_perm("network.add_body", is_secretariat)
rules.add_perm("network.change_body", is_secretariat)
rules.add_perm("network.delete_body", is_secretariat)

# Who sits in which body, and who works for which member: registered people.
rules.add_perm("network.view_bodymembership", is_registered)
rules.add_perm("network.add_bodymembership", is_secretariat)
rules.add_perm("network.change_bodymembership", is_secretariat)
rules.add_perm("network.delete_bodymembership", is_secretariat)
rules.add_perm("network.manage_memberships", is_secretariat)

rules.add_perm("network.view_technician", is_registered)
rules.add_perm("network.add_technician", is_secretariat)
rules.add_perm("network.change_technician", is_secretariat)
rules.add_perm("network.delete_technician", is_secretariat)

rules.add_perm("network.view_institution", is_registered)
rules.add_perm("network.add_institution", is_secretariat)
rules.add_perm("network.change_institution", is_secretariat)
rules.add_perm("network.delete_institution", is_secretariat)
