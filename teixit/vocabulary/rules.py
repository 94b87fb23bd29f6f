"""Permissions on the shared vocabulary (loaded by rules' autodiscovery).

Everyone may read it (glossary, API); the secretariat keeps it, in the admin or
by importing files.
"""

import rules

from teixit.network.roles import is_secretariat

rules.add_perm("vocabulary", is_secretariat)
for model in ("conceptscheme", "concept"):
    rules.add_perm(f"vocabulary.view_{model}", rules.always_allow)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"vocabulary.{action}_{model}", is_secretariat)
