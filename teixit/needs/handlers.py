"""Receivers of other apps' signals.

- `teixit.diagnosis.signals.diagnosis_submitted` → the diagnosis's free-text
  answers about needs become need proposals for the secretariat
  (`services.need_proposals_from_diagnosis`).
"""

from teixit.diagnosis.signals import diagnosis_submitted

from . import services


def _diagnosis_submitted(sender, diagnosis, **kwargs):
    services.need_proposals_from_diagnosis(diagnosis=diagnosis)


def register() -> None:
    diagnosis_submitted.connect(
        _diagnosis_submitted, dispatch_uid="needs.proposals_from_diagnosis"
    )
