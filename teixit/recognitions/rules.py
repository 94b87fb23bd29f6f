"""Permissions on recognitions (loaded by rules' autodiscovery).

Everyone sees published grants, awards and labels, their calendar and the
entities holding a label; the secretariat catalogues them (drafts included)
and records which entities hold a label.
"""

import rules

from teixit.network.roles import is_secretariat


@rules.predicate
def is_published(user, recognition) -> bool:
    return recognition is None or recognition.published


rules.add_perm("recognitions.view_recognition", is_published | is_secretariat)
for action in ("add", "change", "delete"):
    rules.add_perm(f"recognitions.{action}_recognition", is_secretariat)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"recognitions.{action}_entitylabel", is_secretariat)
