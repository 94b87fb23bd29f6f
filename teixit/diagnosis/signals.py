"""Signals of the diagnosis app for other apps (the notifications listen).

Each is sent by its service inside the service's transaction, with
`sender` = the Diagnosis class, `diagnosis` (the instance, already saved) and
`actor` (the user who did it):

diagnosis_submitted
    A technician (or the secretariat) submitted a diagnosis for validation.
diagnosis_validated
    The secretariat validated a submitted diagnosis.
diagnosis_reopened
    The secretariat sent a diagnosis back to draft.
"""

from django.dispatch import Signal

diagnosis_submitted = Signal()
diagnosis_validated = Signal()
diagnosis_reopened = Signal()
