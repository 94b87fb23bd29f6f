"""The admin's delete confirmation at scale (issue 19): a large cascade is
counted, not listed (`teixit.core.admin_delete`), with Django's answers on
what is deleted, what is protected and what the person may not delete."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_deleted_objects as django_deleted_objects
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from teixit.core import admin_delete
from teixit.debates.models import Debate, Reply
from teixit.debates.tests.factories import DebateFactory, ReplyFactory
from teixit.diagnosis.models import (
    Answer,
    Methodology,
    MethodologyVersion,
    Question,
    Section,
)
from teixit.diagnosis.services import (
    answer_save,
    diagnosis_create,
    methodology_load,
    methodology_version_new,
)
from teixit.network.tests.factories import MemberFactory
from teixit.trainings.models import Registration, Training
from teixit.trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(db):
    """The default methodology, published: its sections and questions."""
    return methodology_load()


@pytest.fixture(autouse=True)
def _english():
    """The strings compared are the English ones, whatever language an
    earlier test of the process left active."""
    with translation.override("en"):
        yield


def _en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def small_limits(monkeypatch):
    """A cascade of more than three objects is counted (the semantics do not
    depend on the size; building hundreds of rows would)."""
    monkeypatch.setattr(admin_delete, "FULL_LIST_LIMIT", 3)
    monkeypatch.setattr(admin_delete, "LISTED_PER_MODEL", 2)


def _diagnoses(version, count):
    budget = version.questions().get(code="sse_budget")
    for _ in range(count):
        diagnosis = diagnosis_create(member=MemberFactory(), year=2024)
        answer_save(diagnosis=diagnosis, question=budget, raw="1000")


def _answers(objs, user):
    """Ours and Django's (to_delete, model_count, perms_needed, protected)."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site.get_model_admin(type(objs[0]))
    return (
        model_admin.get_deleted_objects(objs, request),
        django_deleted_objects(objs, request, admin.site),
    )


def _same_verdict(ours, django):
    """The same counts per model, kinds refused and protection as Django's."""
    assert ours[1] == django[1]
    assert ours[2] == django[2]
    assert bool(ours[3]) == bool(django[3])


def test_methodology_delete_reads_as_many_queries_with_twice_the_diagnoses(
    version, client_for, secretariat_user, small_limits
):
    client = _en(client_for(secretariat_user))
    url = reverse("admin:diagnosis_methodology_delete", args=[version.methodology_id])
    _diagnoses(version, 12)
    client.get(url)
    with CaptureQueriesContext(connection) as twelve:
        assert client.get(url).status_code == 200
    _diagnoses(version, 12)
    with CaptureQueriesContext(connection) as twenty_four:
        response = client.get(url)
    assert response.status_code == 200
    assert len(twenty_four.captured_queries) <= len(twelve.captured_queries) <= 60
    # Diagnoses and answers hold to the questionnaire (on_delete=PROTECT):
    # the first listed, then counted.
    protected = [str(line) for line in response.context["protected"]]
    assert "… and 22 more diagnoses" in protected
    assert "… and 22 more answers" in protected
    ours, django = _answers([version.methodology], secretariat_user)
    _same_verdict(ours, django)


def test_protected_objects_still_block_the_deletion(
    version, client_for, secretariat_user
):
    _diagnoses(version, 3)
    MethodologyVersion.objects.update(status=MethodologyVersion.Status.DRAFT)
    url = reverse("admin:diagnosis_methodology_delete", args=[version.methodology_id])
    client = _en(client_for(secretariat_user))
    response = client.get(url)
    assert response.context["protected"]
    assert not response.context["perms_lacking"]
    assert b"deleted-objects" in response.content
    client.post(url, {"post": "yes"})
    assert Methodology.objects.filter(pk=version.methodology_id).exists()
    assert Answer.objects.count() == 3


def test_a_kind_of_object_the_person_may_not_delete_still_blocks(
    version, client_for, secretariat_user
):
    # Published versions, their sections and questions are frozen, for the
    # secretariat too (an answer per object, asked of every object).
    url = reverse("admin:diagnosis_methodology_delete", args=[version.methodology_id])
    client = _en(client_for(secretariat_user))
    response = client.get(url)
    assert set(response.context["perms_lacking"]) == {
        "methodology version",
        "section",
        "question",
    }
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Question.objects.filter(section__version=version).exists()
    ours, django = _answers([version.methodology], secretariat_user)
    _same_verdict(ours, django)


def test_frozen_objects_past_those_listed_still_block(
    version, secretariat_user, small_limits
):
    """The first objects listed may be deleted, later ones may not: every
    object is asked when the answer depends on the object."""
    newer = methodology_version_new(version=version)
    MethodologyVersion.objects.filter(pk=version.pk).update(
        status=MethodologyVersion.Status.DRAFT
    )
    MethodologyVersion.objects.filter(pk=newer.pk).update(
        status=MethodologyVersion.Status.PUBLISHED
    )
    first_sections = Section.objects.order_by("pk")[: admin_delete.LISTED_PER_MODEL]
    assert all(section.version_id == version.pk for section in first_sections)
    ours, django = _answers([version.methodology], secretariat_user)
    assert ours[2] == django[2] == {"methodology version", "section", "question"}
    _same_verdict(ours, django)


def test_a_large_deletion_shows_the_counts_and_deletes_the_same_objects(
    version, client_for, secretariat_user, small_limits
):
    MethodologyVersion.objects.update(status=MethodologyVersion.Status.DRAFT)
    url = reverse("admin:diagnosis_methodology_delete", args=[version.methodology_id])
    client = _en(client_for(secretariat_user))
    response = client.get(url)
    sections = Section.objects.filter(version=version).count()
    questions = Question.objects.filter(section__version=version).count()
    assert sections + questions > admin_delete.FULL_LIST_LIMIT
    counts = dict(response.context["model_count"])
    assert counts["sections"] == sections
    assert counts["questions"] == questions
    content = response.content.decode()
    assert f"Questions: {questions}" in content
    assert f"… and {questions - admin_delete.LISTED_PER_MODEL} more questions" in (
        content
    )
    ours, django = _answers([version.methodology], secretariat_user)
    _same_verdict(ours, django)
    client.post(url, {"post": "yes"})
    assert not Methodology.objects.exists()
    assert not Question.objects.exists()


def test_a_technician_may_not_delete_the_registrations_of_their_training(
    member, technician_user, secretariat_user, client_for, small_limits
):
    training = TrainingFactory(member=member)
    RegistrationFactory.create_batch(5, training=training)
    url = reverse("admin:trainings_training_delete", args=[training.pk])
    response = _en(client_for(technician_user)).get(url)
    assert response.status_code == 200
    assert set(response.context["perms_lacking"]) == {"registration"}
    ours, django = _answers([training], technician_user)
    _same_verdict(ours, django)
    assert (
        _en(client_for(technician_user)).post(url, {"post": "yes"}).status_code == 403
    )
    assert Registration.objects.count() == 5
    ours, django = _answers([training], secretariat_user)
    _same_verdict(ours, django)
    assert ours[0][0] == django[0][0]  # the training itself, as Django writes it
    assert "… and 3 more registrations" in ours[0][1]


def test_delete_selected_counts_too_and_deletes(
    member, client_for, secretariat_user, small_limits
):
    trainings = TrainingFactory.create_batch(4, member=member)
    for training in trainings:
        RegistrationFactory.create_batch(2, training=training)
    client = _en(client_for(secretariat_user))
    url = reverse("admin:trainings_training_changelist")
    data = {"action": "delete_selected", "_selected_action": [t.pk for t in trainings]}
    response = client.post(url, data)
    assert response.status_code == 200
    counts = dict(response.context["model_count"])
    assert counts["trainings"] == 4 and counts["registrations"] == 8
    ours, django = _answers(Training.objects.all(), secretariat_user)
    _same_verdict(ours, django)
    assert "… and 2 more trainings" in response.content.decode()
    client.post(url, {**data, "post": "yes"})
    assert not Training.objects.exists()
    assert not Registration.objects.exists()


def test_replies_to_replies_are_counted(secretariat_user, small_limits):
    debate = DebateFactory()
    first = ReplyFactory(debate=debate)
    second = ReplyFactory(debate=debate, parent=first)
    ReplyFactory(debate=debate, parent=second)
    ReplyFactory(debate=debate)
    ours, django = _answers([debate], secretariat_user)
    _same_verdict(ours, django)
    ours, django = _answers([first], secretariat_user)
    assert ours[1] == django[1] == {"replies": 3}
    assert Debate.objects.count() == 1 and Reply.objects.count() == 4


def test_a_small_deletion_is_listed_as_django_lists_it(
    member, technician_user, secretariat_user
):
    training = TrainingFactory(member=member)
    RegistrationFactory.create_batch(2, training=training)
    for user in (technician_user, secretariat_user):
        ours, django = _answers([training], user)
        assert ours == django


def test_a_listed_deletion_reads_what_the_names_read_once_per_relation(
    member, secretariat_user
):
    """A registration's name reads its person and its training: the listed
    confirmation reads the people of all registrations in one query, not one
    per registration, and lists them as Django does."""

    def listed_with(count: int) -> tuple[int, list]:
        training = TrainingFactory(member=member)
        RegistrationFactory.create_batch(count, training=training)
        request = RequestFactory().get("/")
        request.user = secretariat_user
        model_admin = admin.site.get_model_admin(Training)
        with CaptureQueriesContext(connection) as captured:
            ours = model_admin.get_deleted_objects([training], request)
        django = django_deleted_objects(
            [Training.objects.get(pk=training.pk)], request, admin.site
        )
        assert ours == django
        people = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith('SELECT "accounts_user"')
        ]
        return len(captured.captured_queries), people

    listed_with(2)  # what a first page reads once (content types, rules)
    few, people_few = listed_with(3)
    many, people_many = listed_with(9)
    assert many == few
    assert len(people_many) <= 2  # the first registration's, then the others'
