"""The verbs and kinds of notification: each app registers its own.

A *verb* is one thing that can happen ("diagnosis.submitted"); a *kind* groups
verbs for the delivery preferences people choose ("Waiting for my action",
"Trainings"…). An app registers them once, in its `AppConfig.ready()` (or in a
`handlers.py` module connected there), then reports events with
`teixit.notifications.services.notify`:

    from django.utils.translation import gettext_lazy as _, ngettext_lazy
    from teixit.notifications.registry import Delivery, register_kind, register_verb

    register_kind("events", _("Events"), default=Delivery.WEEKLY)
    register_verb(
        "events.event_changed",
        kind="events",
        sentence=_("%(actor)s changed the event %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s change to %(target)s", "%(count)s changes to %(target)s", "count"
        ),
        view_perm="events.view_event",        # who may see the target
        to_followers=True,                     # followers of the target are told
    )

See docs/intranet.md for the whole contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never by e-mail")


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # a lazy translated string
    default: str = Delivery.WEEKLY
    help_text: object = ""


@dataclass(frozen=True)
class Verb:
    code: str
    kind: str
    sentence: object  # "%(actor)s … %(target)s", lazy translated
    group_sentence: object  # ngettext_lazy(…, "count"): "%(count)s … %(target)s"
    view_perm: str | None = None
    visible: Callable | None = None  # (user, target) -> bool, instead of view_perm
    to_followers: bool = True
    themes: Callable | None = None  # target -> concept ids whose followers are told
    actor_follows: bool = False  # the actor starts following the target
    email: bool = True  # False when the app already e-mails the person itself
    extra: dict = field(default_factory=dict)

    def can_see(self, user, target) -> bool:
        if not (user.is_active and user.is_authenticated):
            return False
        if self.visible is not None:
            return bool(self.visible(user, target))
        if self.view_perm:
            return user.has_perm(self.view_perm, target)
        return True


_KINDS: dict[str, Kind] = {}
_VERBS: dict[str, Verb] = {}


def register_kind(
    code: str, label, *, default: str = Delivery.WEEKLY, help_text=""
) -> Kind:
    kind = Kind(code=code, label=label, default=default, help_text=help_text)
    _KINDS[code] = kind
    return kind


def register_verb(code: str, *, kind: str, sentence, group_sentence, **options) -> Verb:
    """Register (or replace) a verb. `kind` must be registered first."""
    if kind not in _KINDS:
        raise LookupError(f"Unknown notification kind {kind!r} for verb {code!r}")
    verb = Verb(
        code=code,
        kind=kind,
        sentence=sentence,
        group_sentence=group_sentence,
        **options,
    )
    _VERBS[code] = verb
    return verb


def get_verb(code: str) -> Verb:
    try:
        return _VERBS[code]
    except KeyError:
        raise LookupError(f"Unknown notification verb {code!r}") from None


def find_verb(code: str) -> Verb | None:
    return _VERBS.get(code)


def get_kind(code: str) -> Kind | None:
    return _KINDS.get(code)


def kinds() -> list[Kind]:
    return list(_KINDS.values())


def verbs() -> list[Verb]:
    return list(_VERBS.values())


def verbs_of_kinds(codes: Iterable[str]) -> list[str]:
    codes = set(codes)
    return [verb.code for verb in _VERBS.values() if verb.kind in codes]
