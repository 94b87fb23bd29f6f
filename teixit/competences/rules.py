"""Permissions of the competence profile (loaded by rules' autodiscovery):
everyone reads the profile; the secretariat maintains it; every registered
person keeps a private self-assessment that only they see; the secretariat
sees anonymous counts (never an individual assessment)."""

import rules

from teixit.network.roles import is_registered, is_secretariat

for model in (
    "competenceprofile",
    "profilerole",
    "profilefunction",
    "competence",
    "leveldescriptor",
):
    rules.add_perm(f"competences.view_{model}", rules.always_allow)
    rules.add_perm(f"competences.add_{model}", is_secretariat)
    rules.add_perm(f"competences.change_{model}", is_secretariat)
    rules.add_perm(f"competences.delete_{model}", is_secretariat)

rules.add_perm("competences.assess_self", is_registered)
rules.add_perm("competences.view_stats", is_secretariat)

# The app's section on the admin index.
rules.add_perm("competences", is_secretariat)
