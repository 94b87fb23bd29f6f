"""Permissions on reference territories (loaded by rules' autodiscovery).

Everyone may read them; the secretariat may correct them in the admin, though
they normally come from `import_territories`.
"""

import rules

from teixit.network.roles import is_secretariat

rules.add_perm("territories", is_secretariat)
for model in ("province", "comarca", "municipality", "population"):
    rules.add_perm(f"territories.view_{model}", rules.always_allow)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"territories.{action}_{model}", is_secretariat)
