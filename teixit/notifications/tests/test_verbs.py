"""Each verb reaches exactly the right people, never someone who may not see
the target. The events come from the real services of each app."""

import pytest
from django.core import mail

from teixit.accounts.tests.factories import UserFactory
from teixit.diagnosis.models import Diagnosis
from teixit.diagnosis.services import (
    diagnosis_reopen,
    diagnosis_submit,
    diagnosis_update,
    diagnosis_validate,
)
from teixit.network.tests.factories import (
    BodyFactory,
    BodyMembershipFactory,
    TechnicianFactory,
)
from teixit.notifications.models import Notification
from teixit.notifications.services import follow

pytestmark = pytest.mark.django_db


def recipients(verb):
    return set(
        Notification.objects.filter(verb=verb).values_list("recipient_id", flat=True)
    )


def test_diagnosis_submitted_reaches_the_secretariat_only(
    ready_diagnosis,
    technician_user,
    secretariat_user,
    body_member_user,
    registered_user,
    other_member,
    django_capture_on_commit_callbacks,
):
    other_technician = UserFactory()
    TechnicianFactory(user=other_technician, member=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        diagnosis_submit(diagnosis=ready_diagnosis, user=technician_user)
    assert recipients("diagnosis.submitted") == {secretariat_user.pk}
    # Waiting for the secretariat's action: e-mailed at once by the worker.
    assert [m.to for m in mail.outbox] == [[secretariat_user.email]]
    message = mail.outbox[0]
    assert "/notifications/unsubscribe/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_diagnosis_validated_and_reopened_reach_the_members_technicians(
    ready_diagnosis, technician_user, secretariat_user, other_member
):
    other_technician = UserFactory()
    TechnicianFactory(user=other_technician, member=other_member)
    # A follower who may not see a private diagnosis is never told.
    follow(user=other_technician, target=ready_diagnosis)
    diagnosis_update(diagnosis=ready_diagnosis, visibility=Diagnosis.Visibility.PRIVATE)
    diagnosis_submit(diagnosis=ready_diagnosis, user=technician_user)
    diagnosis_validate(diagnosis=ready_diagnosis, user=secretariat_user)
    assert recipients("diagnosis.validated") == {technician_user.pk}
    diagnosis_reopen(diagnosis=ready_diagnosis, user=secretariat_user)
    assert recipients("diagnosis.reopened") == {technician_user.pk}


def test_entity_proposed_reaches_the_municipalitys_technicians_not_others(
    member, technician_user, other_member, secretariat_user
):
    from teixit.entities.services import entity_propose

    stranger = UserFactory()
    TechnicianFactory(user=stranger, member=other_member)
    entity = entity_propose(
        name="Cooperativa del barri",
        municipality=member.municipality,
        proposer_name="Veïna",
        proposer_email="veina@example.org",
    )
    assert recipients("entities.proposed") == {technician_user.pk}
    # Nobody covers this one: the secretariat is told.
    Notification.objects.all().delete()
    from teixit.territories.tests.factories import MunicipalityFactory

    entity_propose(name="Ateneu", municipality=MunicipalityFactory())
    assert recipients("entities.proposed") == {secretariat_user.pk}
    assert entity.pk


def test_entity_published_reaches_the_proposer_and_followers(member, technician_user):
    from teixit.entities.services import entity_propose, entity_publish

    proposer, fan = UserFactory(), UserFactory()
    entity = entity_propose(
        name="Cooperativa", municipality=member.municipality, proposed_by=proposer
    )
    follow(user=fan, target=entity)
    entity_publish(entity=entity, actor=technician_user)
    assert recipients("entities.published") == {proposer.pk, fan.pk}


def test_entity_merge_reaches_followers_of_the_duplicate(member, technician_user):
    from teixit.entities.services import entity_merge
    from teixit.entities.tests.factories import EntityFactory

    keep = EntityFactory(municipality=member.municipality)
    duplicate = EntityFactory(municipality=member.municipality)
    fan = UserFactory()
    follow(user=fan, target=duplicate)
    entity_merge(keep=keep, duplicate=duplicate, actor=technician_user)
    assert recipients("entities.duplicate") == {fan.pk}


def test_progress_reaches_members_of_the_responsible_body_only(
    secretariat_user, technical_commission, body_member_user
):
    from teixit.workplans.services import progress_update_record
    from teixit.workplans.tests.factories import ActionFactory, ResponsibilityFactory

    action = ActionFactory()
    ResponsibilityFactory(action=action, body=technical_commission)
    executive_member = UserFactory()
    BodyMembershipFactory(user=executive_member, body=BodyFactory(kind="executive"))
    progress_update_record(
        action=action, author=secretariat_user, status="in_progress", percent=40
    )
    assert recipients("workplans.progress") == {body_member_user.pk}


def test_practice_review_and_publication(secretariat_user, registered_user):
    from teixit.practices.services import practice_publish, practice_submit
    from teixit.practices.tests.factories import PracticeFactory, ThemeFactory

    theme = ThemeFactory()
    author, theme_fan = UserFactory(), UserFactory()
    follow(user=theme_fan, target=theme)
    practice = PracticeFactory(author=author)
    practice.themes.add(theme)
    practice_submit(practice=practice)
    assert recipients("practices.submitted") == {secretariat_user.pk}
    # A draft in review is not visible to the theme's followers yet.
    assert theme_fan.pk not in recipients("practices.submitted")
    practice_publish(practice=practice)
    assert recipients("practices.published") == {author.pk, theme_fan.pk}


def test_material_published_reaches_creator_and_theme_followers():
    from teixit.materials.services import material_publish
    from teixit.materials.tests.factories import MaterialFactory
    from teixit.practices.tests.factories import ThemeFactory

    theme = ThemeFactory()
    fan = UserFactory()
    follow(user=fan, target=theme)
    material = MaterialFactory(visibility="public")
    material.themes.add(theme)
    material_publish(material=material)
    assert recipients("materials.published") == {material.created_by_id, fan.pk}


def test_training_verbs(secretariat_user, django_capture_on_commit_callbacks):
    from teixit.trainings.models import Registration
    from teixit.trainings.services import (
        training_cancel,
        training_promote_waiting,
        training_publish,
    )
    from teixit.trainings.tests.factories import (
        RegistrationFactory,
        ThemeFactory,
        TrainingFactory,
    )

    theme = ThemeFactory()
    fan = UserFactory()
    follow(user=fan, target=theme)
    training = TrainingFactory(status="draft", seats=1)
    training.themes.add(theme)
    training_publish(training=training, by=secretariat_user)
    assert recipients("trainings.published") == {fan.pk}
    seated = RegistrationFactory(training=training)
    waiting = RegistrationFactory(
        training=training, status=Registration.Status.WAITLISTED
    )
    training.seats = 2
    training.save(update_fields=["seats"])
    # The person promoted is told once the promotion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        training_promote_waiting(training=training)
    assert recipients("trainings.promoted") == {waiting.user_id}
    training_cancel(training=training, by=secretariat_user)
    assert recipients("trainings.cancelled") == {seated.user_id, waiting.user_id}
    # The trainings app e-mails these itself: no second e-mail from here.
    assert not Notification.objects.filter(
        verb__in=["trainings.cancelled", "trainings.promoted"], email__isnull=False
    ).exists()


def test_consultation_asked_and_answered_reach_the_other_person_only():
    from teixit.experts.services import consultation_ask, consultation_reply
    from teixit.experts.tests.factories import ExpertProfileFactory

    profile = ExpertProfileFactory()
    requester = UserFactory()
    consultation = consultation_ask(
        expert_profile=profile, requester=requester, subject="Estatuts", body="Hola"
    )
    assert recipients("experts.consultation_asked") == {profile.user_id}
    consultation_reply(consultation=consultation, author=profile.user, body="Bon dia")
    assert recipients("experts.consultation_answered") == {requester.pk}


def test_import_result_reaches_the_person_who_started_it(technician_user, tmp_path):
    from django.core.files.base import ContentFile

    from teixit.entities.importing import import_batch_run
    from teixit.entities.models import ImportBatch

    batch = ImportBatch(created_by=technician_user, source_name="prova")
    batch.file.save("prova.csv", ContentFile(b"\x00\x01 not a csv"), save=True)
    import_batch_run(batch)
    batch.refresh_from_db()
    verb = (
        "entities.import_failed"
        if batch.status == ImportBatch.Status.FAILED
        else "entities.import_done"
    )
    assert recipients(verb) == {technician_user.pk}


def test_late_action_reaches_its_bodys_members_once(
    technical_commission, body_member_user
):
    import datetime as dt

    from teixit.notifications.handlers import late_actions_notify
    from teixit.workplans.tests.factories import (
        ActionFactory,
        PeriodFactory,
        PlannedPeriodFactory,
        ResponsibilityFactory,
    )

    action = ActionFactory()
    ResponsibilityFactory(action=action, body=technical_commission)
    period = PeriodFactory(
        plan=action.objective.line.plan,
        start_on=dt.date(2018, 1, 1),
        end_on=dt.date(2018, 6, 30),
    )
    PlannedPeriodFactory(action=action, period=period)
    done = ActionFactory(objective=action.objective, status="done")
    PlannedPeriodFactory(action=done, period=period)
    assert late_actions_notify(today=dt.date(2019, 1, 1)) == 1
    assert recipients("workplans.late") == {body_member_user.pk}
    assert late_actions_notify(today=dt.date(2019, 2, 1)) == 0  # never twice
