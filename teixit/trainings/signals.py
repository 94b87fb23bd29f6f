"""Signals of the trainings app for other apps (the notifications listen).

Sent by the services, with `sender` (Training or Registration):

training_published
    `training_publish`: `training`, `actor`.
training_changed
    `training_save` of an existing published training: `training`, `actor`.
training_cancelled
    `training_cancel`: `training`, `actor`. (The trainings app itself
    e-mails the people registered.)
registration_promoted
    A person got a seat from the waiting list (`training_promote_waiting`):
    `registration`. (The trainings app itself e-mails the person.)
"""

from django.dispatch import Signal

training_published = Signal()
training_changed = Signal()
training_cancelled = Signal()
registration_promoted = Signal()
