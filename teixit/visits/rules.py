"""Who sees the visit counts: the secretariat (they are the network's
communication figures; nothing in them is about a person)."""

import rules

from teixit.network.roles import is_secretariat

rules.add_perm("visits.view_stats", is_secretariat)
