"""Signals of the expertise directory for other apps (the notifications
listen).

consultation_message_sent
    A consultation was asked (`consultation_ask`: its first message) or
    answered (`consultation_reply`). Arguments: `sender` (Consultation),
    `message` (a ConsultationMessage, with `consultation` and `author`). (The
    directory itself e-mails the other person; the text stays private.)
"""

from django.dispatch import Signal

consultation_message_sent = Signal()
