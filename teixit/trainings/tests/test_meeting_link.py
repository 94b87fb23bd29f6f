"""An online training's meeting link is for its registered participants (and
those who run it): not on the public page, the API or the calendar feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from teixit.trainings.models import Registration, TrainingSession
from teixit.trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/sala-secreta"


@pytest.fixture
def online_training(db):
    training = TrainingFactory(online_url=LINK, place="")
    start = timezone.now() + datetime.timedelta(days=5)
    TrainingSession.objects.create(
        training=training, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    return training


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        (None, None, False),
        ("registered_user", None, False),
        ("registered_user", Registration.Status.WAITLISTED, False),
        ("registered_user", Registration.Status.CANCELLED, False),
        ("registered_user", Registration.Status.REGISTERED, True),
        ("secretariat_user", None, True),
    ],
)
def test_meeting_link_only_for_registered_participants(
    request, client_for, online_training, who, status, sees
):
    user = request.getfixturevalue(who) if who else None
    if status:
        RegistrationFactory(training=online_training, user=user, status=status)
    client = client_for(user)
    page = client.get(online_training.get_absolute_url()).content.decode()
    assert (LINK in page) is sees
    api = client.get(f"/api/v1/trainings/{online_training.pk}/").json()
    assert (api["online_url"] == LINK) is sees


def test_calendar_feed_does_not_publish_the_meeting_link(client, online_training):
    feed = client.get(reverse("trainings:feed")).content.decode()
    assert online_training.title in feed
    assert LINK not in feed
