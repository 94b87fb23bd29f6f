"""The events app's notification verbs (docs/intranet.md, "Registering verbs").

Registered from `EventsConfig.ready()`; the services call `tell()` after the
change is saved, inside their transaction. The notifications app never
imports this app.

| verb               | kind                  | who is told                                      |
|--------------------|-----------------------|--------------------------------------------------|
| events.published   | events                | followers of the event's themes                  |
| events.changed     | events                | people registered or waiting, followers          |
| events.cancelled   | events                | people registered or waiting, followers (no e-mail: the app e-mails them) |
| events.promoted    | events                | the person given a place (no e-mail: the app e-mails them) |
| events.submitted   | waiting for my action | the secretariat (reviewers)                      |

Everyone is filtered by `sees_event`: the event's view permission and, for
a members-only event, being a person of the network.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MY_ACTION = "my_action"  # the notifications app's "Waiting for my action" kind


def sees_event(user, event) -> bool:
    from teixit.network.roles import is_body_member, is_secretariat, is_technician

    if not user.has_perm("events.view_event", event):
        return False
    if event.audience == event.Audience.MEMBERS:
        return bool(is_secretariat(user) or is_technician(user) or is_body_member(user))
    return True


def _themes(event) -> list[int]:
    return list(event.themes.values_list("pk", flat=True))


def register() -> None:
    from teixit.notifications.handlers import register_kinds
    from teixit.notifications.registry import (
        Delivery,
        get_kind,
        register_kind,
        register_verb,
    )

    if get_kind(MY_ACTION) is None:
        # This app is ready before notifications (INSTALLED_APPS order): the
        # shared kinds are registered first (registering again is harmless).
        register_kinds()
    register_kind("events", _("Meetings and events"), default=Delivery.WEEKLY)
    group = ngettext_lazy(
        "%(count)s update to the event %(target)s",
        "%(count)s updates to the event %(target)s",
        "count",
    )
    register_verb(
        "events.published",
        kind="events",
        sentence=_("New event: %(target)s"),
        group_sentence=group,
        visible=sees_event,
        themes=_themes,
    )
    register_verb(
        "events.changed",
        kind="events",
        sentence=_("The event %(target)s has changed"),
        group_sentence=group,
        visible=sees_event,
    )
    register_verb(
        "events.cancelled",
        kind="events",
        sentence=_("The event %(target)s was cancelled"),
        group_sentence=group,
        visible=sees_event,
        email=False,  # event_cancelled_send e-mails the people registered
    )
    register_verb(
        "events.promoted",
        kind="events",
        sentence=_("A place is free for you in the event %(target)s"),
        group_sentence=group,
        visible=sees_event,
        to_followers=False,
        email=False,  # registration_promoted_send e-mails the person
    )
    register_verb(
        "events.submitted",
        kind=MY_ACTION,
        sentence=_("%(actor)s sent the event %(target)s for review"),
        group_sentence=group,
        view_perm="events.publish_event",
        to_followers=False,
        actor_follows=True,
    )


def registered_or_waiting(event) -> list[int]:
    from .models import Registration

    return list(
        Registration.objects.filter(
            event=event,
            status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED],
        ).values_list("user_id", flat=True)
    )


def tell(verb: str, actor, event, audience=()) -> None:
    from teixit.notifications.services import notify

    notify(verb, actor, event, audience)


def secretariat() -> list:
    from teixit.notifications.audiences import secretariat_users

    return list(secretariat_users())
