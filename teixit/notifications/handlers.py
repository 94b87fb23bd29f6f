"""The kinds and verbs of the platform, and the receivers that turn the
existing apps' signals into notifications.

Each app reports what happened with a documented signal (its `signals.py`);
this module decides who is told (`audiences`), under which verb. New apps
(events, debates) register their own verbs in their `ready()` and call
`notify` directly: see docs/intranet.md.

| signal (app)                                  | verb                      | who                                       |
|-----------------------------------------------|---------------------------|-------------------------------------------|
| diagnosis_submitted (diagnosis)               | diagnosis.submitted       | the secretariat                           |
| diagnosis_validated (diagnosis)               | diagnosis.validated       | the member's technicians, followers       |
| diagnosis_reopened (diagnosis)                | diagnosis.reopened        | the member's technicians, followers       |
| entity_proposed (entities)                    | entities.proposed         | technicians of the entity's municipality (else the secretariat) |
| entity_published (entities)                   | entities.published        | the proposer, followers                   |
| entity_merged (entities)                      | entities.duplicate        | followers of both, the duplicate's proposer |
| import_batch_finished (entities)              | entities.import_done / entities.import_failed | the person who started it |
| (daily check, `stale_entities_notify`)        | entities.stale            | technicians of the entity's municipality (once per staleness period) |
| progress_recorded (workplans)                 | workplans.progress        | members of the responsible bodies, followers |
| (daily check, `late_actions_notify`)          | workplans.late            | members of the responsible bodies, followers (once per action) |
| (workplans.comments.comment_add)              | workplans.comment         | members of the executing and support bodies, the provider's contact, followers |
| (workplans.comments.support_tell)             | workplans.action_changed  | members of the support body (it follows the action), followers |
| practice_submitted (practices)                | practices.submitted       | the secretariat (reviewers)               |
| practice_published (practices)                | practices.published       | the author, followers, theme followers    |
| material_published (materials)                | materials.published       | the creator, followers, theme followers   |
| training_published (trainings)                | trainings.published       | followers, theme followers                |
| training_changed (trainings)                  | trainings.changed         | people registered or waiting, followers   |
| training_cancelled (trainings)                | trainings.cancelled       | people registered or waiting, followers   |
| registration_promoted (trainings)             | trainings.promoted        | the person                                |
| consultation_message_sent (experts)           | experts.consultation_asked / experts.consultation_answered | the other person |

Everyone is filtered by the target's view permission in `notify`.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .registry import Delivery, register_kind, register_verb

logger = logging.getLogger(__name__)

MY_ACTION = "my_action"


def _themes(obj) -> list[int]:
    return list(obj.themes.values_list("pk", flat=True))


def register() -> None:
    """Register the kinds and verbs, connect the receivers (from ready())."""
    register_kinds()
    register_verbs()
    connect()


def register_kinds() -> None:
    register_kind(
        MY_ACTION,
        _("Waiting for my action"),
        default=Delivery.IMMEDIATE,
        help_text=_("Something you have to review, validate, correct or answer."),
    )
    register_kind(
        "mentions",
        _("Mentions"),
        default=Delivery.IMMEDIATE,
        help_text=_("Someone mentioned you with @ in a debate."),
    )
    register_kind(
        "imports",
        _("My imports"),
        default=Delivery.IMMEDIATE,
        help_text=_("The result of an import you started."),
    )
    register_kind("diagnosis", _("Diagnoses"))
    register_kind("entities", _("SSE entities"))
    register_kind("workplans", _("Work plan"))
    register_kind("knowledge", _("Practices and materials"))
    register_kind("trainings", _("Trainings"))
    register_kind(
        "consultations",
        _("Consultations"),
        default=Delivery.NEVER,
        help_text=_("The expertise directory already e-mails each new message."),
    )
    register_kind("debates", _("Debates"))


def _sees_diagnosis(user, diagnosis) -> bool:
    return user.has_perm("diagnosis.view_diagnosis", diagnosis)


def register_verbs() -> None:
    register_verb(
        "diagnosis.submitted",
        kind=MY_ACTION,
        sentence=_("%(actor)s submitted the diagnosis %(target)s for validation"),
        group_sentence=ngettext_lazy(
            "%(count)s update to the diagnosis %(target)s",
            "%(count)s updates to the diagnosis %(target)s",
            "count",
        ),
        view_perm="diagnosis.validate_diagnosis",
        actor_follows=True,
    )
    register_verb(
        "diagnosis.validated",
        kind="diagnosis",
        sentence=_("%(actor)s validated the diagnosis %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s update to the diagnosis %(target)s",
            "%(count)s updates to the diagnosis %(target)s",
            "count",
        ),
        visible=_sees_diagnosis,
    )
    register_verb(
        "diagnosis.reopened",
        kind=MY_ACTION,
        sentence=_("%(actor)s sent the diagnosis %(target)s back to draft"),
        group_sentence=ngettext_lazy(
            "%(count)s update to the diagnosis %(target)s",
            "%(count)s updates to the diagnosis %(target)s",
            "count",
        ),
        visible=_sees_diagnosis,
    )
    entity_group = ngettext_lazy(
        "%(count)s update to the entity %(target)s",
        "%(count)s updates to the entity %(target)s",
        "count",
    )
    register_verb(
        "entities.proposed",
        kind=MY_ACTION,
        sentence=_("A new entity was proposed: %(target)s"),
        group_sentence=entity_group,
        view_perm="entities.publish_entity",
        to_followers=False,
    )
    register_verb(
        "entities.published",
        kind="entities",
        sentence=_("%(actor)s published the entity %(target)s"),
        group_sentence=entity_group,
        view_perm="entities.view_entity",
    )
    register_verb(
        "entities.duplicate",
        kind="entities",
        sentence=_("%(actor)s merged a duplicate into the entity %(target)s"),
        group_sentence=entity_group,
        view_perm="entities.view_entity",
    )
    register_verb(
        "entities.stale",
        kind="entities",
        sentence=_("The entity %(target)s has not been verified for a long time"),
        group_sentence=entity_group,
        view_perm="entities.verify_entity",
        to_followers=False,
    )
    import_group = ngettext_lazy(
        "%(count)s news about the import %(target)s",
        "%(count)s news about the import %(target)s",
        "count",
    )
    register_verb(
        "entities.import_done",
        kind="imports",
        sentence=_("Your import %(target)s has finished"),
        group_sentence=import_group,
        view_perm="entities.view_importbatch",
        to_followers=False,
    )
    register_verb(
        "entities.import_failed",
        kind="imports",
        sentence=_("Your import %(target)s could not be completed"),
        group_sentence=import_group,
        view_perm="entities.view_importbatch",
        to_followers=False,
    )
    register_verb(
        "workplans.progress",
        kind="workplans",
        sentence=_("%(actor)s recorded progress on the action %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s progress update on the action %(target)s",
            "%(count)s progress updates on the action %(target)s",
            "count",
        ),
        view_perm="workplans.view_action",
    )
    register_verb(
        "workplans.comment",
        kind="workplans",
        sentence=_("%(actor)s commented on the action %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s comment on the action %(target)s",
            "%(count)s comments on the action %(target)s",
            "count",
        ),
        view_perm="workplans.view_actioncomment",
        actor_follows=True,
    )
    register_verb(
        "workplans.action_changed",
        kind="workplans",
        sentence=_("%(actor)s updated the action %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s change to the action %(target)s",
            "%(count)s changes to the action %(target)s",
            "count",
        ),
        view_perm="workplans.view_action",
    )
    register_verb(
        "workplans.late",
        kind="workplans",
        sentence=_("The action %(target)s is late"),
        group_sentence=ngettext_lazy(
            "%(count)s progress update on the action %(target)s",
            "%(count)s progress updates on the action %(target)s",
            "count",
        ),
        view_perm="workplans.view_action",
    )
    practice_group = ngettext_lazy(
        "%(count)s update to the practice %(target)s",
        "%(count)s updates to the practice %(target)s",
        "count",
    )
    register_verb(
        "practices.submitted",
        kind=MY_ACTION,
        sentence=_("%(actor)s sent the practice %(target)s for review"),
        group_sentence=practice_group,
        view_perm="practices.review_practice",
        to_followers=False,
        actor_follows=True,
    )
    register_verb(
        "practices.published",
        kind="knowledge",
        sentence=_("The practice %(target)s was published"),
        group_sentence=practice_group,
        view_perm="practices.view_practice",
        themes=_themes,
    )
    register_verb(
        "materials.published",
        kind="knowledge",
        sentence=_("The material %(target)s was published"),
        group_sentence=ngettext_lazy(
            "%(count)s update to the material %(target)s",
            "%(count)s updates to the material %(target)s",
            "count",
        ),
        view_perm="materials.view_material",
        themes=_themes,
    )
    training_group = ngettext_lazy(
        "%(count)s update to the training %(target)s",
        "%(count)s updates to the training %(target)s",
        "count",
    )
    register_verb(
        "trainings.published",
        kind="trainings",
        sentence=_("New training: %(target)s"),
        group_sentence=training_group,
        view_perm="trainings.view_training",
        themes=_themes,
    )
    register_verb(
        "trainings.changed",
        kind="trainings",
        sentence=_("The training %(target)s has changed"),
        group_sentence=training_group,
        view_perm="trainings.view_training",
    )
    register_verb(
        "trainings.cancelled",
        kind="trainings",
        sentence=_("The training %(target)s was cancelled"),
        group_sentence=training_group,
        view_perm="trainings.view_training",
        email=False,  # the trainings app e-mails the people registered
    )
    register_verb(
        "trainings.promoted",
        kind="trainings",
        sentence=_("A seat is free for you in the training %(target)s"),
        group_sentence=training_group,
        view_perm="trainings.view_training",
        to_followers=False,
        email=False,  # the trainings app e-mails the person
    )
    consultation_group = ngettext_lazy(
        "%(count)s new message in the consultation %(target)s",
        "%(count)s new messages in the consultation %(target)s",
        "count",
    )
    register_verb(
        "experts.consultation_asked",
        kind="consultations",
        sentence=_("%(actor)s asked you a consultation: %(target)s"),
        group_sentence=consultation_group,
        visible=lambda user, consultation: consultation.is_party(user),
        to_followers=False,
        email=False,  # the expertise directory e-mails each message
    )
    register_verb(
        "experts.consultation_answered",
        kind="consultations",
        sentence=_("%(actor)s wrote in the consultation %(target)s"),
        group_sentence=consultation_group,
        visible=lambda user, consultation: consultation.is_party(user),
        to_followers=False,
        email=False,
    )


# Receivers ----------------------------------------------------------------------


def _notify(*args, **kwargs):
    from .services import notify

    return notify(*args, **kwargs)


def diagnosis_submitted(sender, diagnosis, actor, **kwargs):
    from . import audiences

    _notify("diagnosis.submitted", actor, diagnosis, audiences.secretariat_users())


def diagnosis_validated(sender, diagnosis, actor, **kwargs):
    from . import audiences

    people = audiences.technicians_of([diagnosis.member_id])
    _notify("diagnosis.validated", actor, diagnosis, people)


def diagnosis_reopened(sender, diagnosis, actor, **kwargs):
    from . import audiences

    people = list(audiences.technicians_of([diagnosis.member_id]))
    people += list(audiences.users(diagnosis.submitted_by_id))
    _notify("diagnosis.reopened", actor, diagnosis, people)


def entity_proposed(sender, entity, actor=None, **kwargs):
    """The technicians who may publish it; the secretariat only when no
    technician covers the entity's municipality."""
    from . import audiences

    technicians = [
        person
        for person in audiences.all_technicians()
        if person.has_perm("entities.publish_entity", entity)
    ]
    people = technicians or audiences.secretariat_users()
    _notify("entities.proposed", actor, entity, people)


def entity_published(sender, entity, actor=None, **kwargs):
    from . import audiences

    _notify("entities.published", actor, entity, audiences.users(entity.proposed_by_id))


def entity_merged(sender, entity, duplicate, actor=None, **kwargs):
    from . import audiences
    from .services import followers_of

    people = audiences.users(duplicate.proposed_by_id, *followers_of(duplicate))
    _notify("entities.duplicate", actor, entity, people)


def import_batch_finished(sender, batch, **kwargs):
    """Sent from the import's `finally`: a failure here must not hide the
    import's own outcome, so it is logged instead of raised."""
    from . import audiences

    failed = batch.status == batch.Status.FAILED
    try:
        _notify(
            "entities.import_failed" if failed else "entities.import_done",
            None,
            batch,
            audiences.users(batch.created_by_id),
        )
    except Exception:
        logger.exception("could not notify the end of import %s", batch.pk)


def progress_recorded(sender, update, **kwargs):
    from . import audiences

    action = update.action
    body_ids = action.responsibilities.exclude(body=None).values_list(
        "body_id", flat=True
    )
    _notify(
        "workplans.progress", update.author, action, audiences.body_members(body_ids)
    )


def late_actions_notify(today=None) -> int:
    """Tell the members of the responsible bodies (and followers) once that an
    action of an approved plan is late: its planned periods are over and it
    is neither done nor cancelled. Run daily by the worker with the daily
    digest; returns how many actions were reported."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from teixit.workplans.models import Action, Plan
    from teixit.workplans.selectors import CLOSED_STATUSES, action_is_late

    from . import audiences
    from .models import Notification

    today = today or timezone.localdate()
    content_type = ContentType.objects.get_for_model(Action)
    told = set(
        Notification.objects.filter(verb="workplans.late", target_type=content_type)
        .values_list("target_id", flat=True)
        .distinct()
    )
    actions = (
        Action.objects.filter(objective__line__plan__status=Plan.Status.APPROVED)
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(pk__in=told)
        .prefetch_related("planned_periods__period", "responsibilities")
    )
    reported = 0
    for action in actions:
        if not action_is_late(action, today):
            continue
        body_ids = [r.body_id for r in action.responsibilities.all() if r.body_id]
        _notify("workplans.late", None, action, audiences.body_members(body_ids))
        reported += 1
    return reported


def stale_entities_notify(today=None) -> int:
    """Tell the technicians of an entity's municipality that a published
    entity was not verified for `entities_unverified_days` (the mark of the
    entity register): once per entity and staleness period — again only
    after someone verifies it and it goes stale anew. Run daily by the worker
    with the daily digest; returns how many entities were reported."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Max, Q
    from django.utils import timezone

    from teixit.entities.conf import entities_unverified_days
    from teixit.entities.models import Entity
    from teixit.network.models import Technician

    from . import audiences
    from .models import Notification

    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=entities_unverified_days())
    content_type = ContentType.objects.get_for_model(Entity)
    told = dict(
        Notification.objects.filter(verb="entities.stale", target_type=content_type)
        .values("target_id")
        .annotate(at=Max("created_at"))
        .values_list("target_id", "at")
    )
    stale = (
        Entity.objects.filter(status=Entity.Status.PUBLISHED)
        .exclude(municipality=None)
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=limit))
        .order_by("pk")
    )
    pending = []
    for entity in stale:
        told_at = told.get(entity.pk)
        if told_at is not None and (
            entity.last_verified_on is None
            or timezone.localdate(told_at) >= entity.last_verified_on
        ):
            continue  # already told in this staleness period
        pending.append(entity)
    if not pending:
        return 0
    technicians: dict[int, list[int]] = {}
    for municipality_id, user_id in (
        Technician.objects.current(today)
        .filter(member__municipality_id__in={e.municipality_id for e in pending})
        .values_list("member__municipality_id", "user_id")
    ):
        technicians.setdefault(municipality_id, []).append(user_id)
    people = {
        person.pk: person
        for person in audiences.users(*{i for ids in technicians.values() for i in ids})
    }
    reported = 0
    for entity in pending:
        audience = [
            people[i]
            for i in technicians.get(entity.municipality_id, ())
            if i in people
        ]
        if audience and _notify("entities.stale", None, entity, audience):
            reported += 1
    return reported


def practice_submitted(sender, practice, **kwargs):
    from . import audiences

    author = practice.author if practice.author_id else None
    _notify("practices.submitted", author, practice, audiences.secretariat_users())


def practice_published(sender, practice, **kwargs):
    from . import audiences

    _notify("practices.published", None, practice, audiences.users(practice.author_id))


def material_published(sender, material, **kwargs):
    from . import audiences

    _notify(
        "materials.published", None, material, audiences.users(material.created_by_id)
    )


def _registered(training):
    from teixit.trainings.models import Registration

    from . import audiences

    ids = training.registrations.filter(
        status__in=[Registration.Status.REGISTERED, Registration.Status.WAITLISTED]
    ).values_list("user_id", flat=True)
    return audiences.users(*ids)


def training_published(sender, training, actor=None, **kwargs):
    _notify("trainings.published", actor, training)


def training_changed(sender, training, actor=None, **kwargs):
    _notify("trainings.changed", actor, training, _registered(training))


def training_cancelled(sender, training, actor=None, **kwargs):
    _notify("trainings.cancelled", actor, training, _registered(training))


def registration_promoted(sender, registration, **kwargs):
    from . import audiences

    _notify(
        "trainings.promoted",
        None,
        registration.training,
        audiences.users(registration.user_id),
    )


def consultation_message_sent(sender, message, **kwargs):
    from . import audiences

    consultation = message.consultation
    first = consultation.messages.count() == 1
    other = (
        consultation.requester_id
        if message.author_id == consultation.expert_id
        else consultation.expert_id
    )
    verb = "experts.consultation_asked" if first else "experts.consultation_answered"
    _notify(verb, message.author, consultation, audiences.users(other))


def connect() -> None:
    from teixit.diagnosis import signals as diagnosis
    from teixit.entities import signals as entities
    from teixit.experts import signals as experts
    from teixit.materials import signals as materials
    from teixit.practices import signals as practices
    from teixit.trainings import signals as trainings
    from teixit.workplans import signals as workplans

    pairs = [
        (diagnosis.diagnosis_submitted, diagnosis_submitted),
        (diagnosis.diagnosis_validated, diagnosis_validated),
        (diagnosis.diagnosis_reopened, diagnosis_reopened),
        (entities.entity_proposed, entity_proposed),
        (entities.entity_published, entity_published),
        (entities.entity_merged, entity_merged),
        (entities.import_batch_finished, import_batch_finished),
        (workplans.progress_recorded, progress_recorded),
        (practices.practice_submitted, practice_submitted),
        (practices.practice_published, practice_published),
        (materials.material_published, material_published),
        (trainings.training_published, training_published),
        (trainings.training_changed, training_changed),
        (trainings.training_cancelled, training_cancelled),
        (trainings.registration_promoted, registration_promoted),
        (experts.consultation_message_sent, consultation_message_sent),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
