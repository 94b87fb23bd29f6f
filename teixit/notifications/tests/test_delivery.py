"""E-mail delivery: preferences, digests (grouped, never twice), unsubscribe
links, the recipient's language, retries."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from teixit.accounts.tests.factories import UserFactory
from teixit.notifications import services
from teixit.notifications.models import Notification, NotificationEmail
from teixit.notifications.registry import Delivery
from teixit.practices.tests.factories import PublishedPracticeFactory

pytestmark = pytest.mark.django_db


def _notify(verb, target, people, actor=None):
    return services.notify(verb, actor, target, people)


def test_defaults_immediate_for_my_action_weekly_for_the_rest(registered_user):
    practice = PublishedPracticeFactory()
    _notify("practices.published", practice, [registered_user])
    assert Notification.objects.get().delivery == Delivery.WEEKLY
    assert services.deliveries_for([registered_user.pk], "my_action") == {
        registered_user.pk: Delivery.IMMEDIATE
    }


def test_weekly_digest_groups_by_object_says_and_n_more_and_is_never_sent_twice(
    registered_user,
):
    registered_user.language = "es"
    registered_user.save(update_fields=["language"])
    practices = [PublishedPracticeFactory() for _ in range(13)]
    for practice in practices:
        _notify("practices.published", practice, [registered_user])
    # Three notifications about the same practice make one line.
    for _ in range(2):
        _notify("practices.published", practices[0], [registered_user])
    sent = services.digests_send(frequency=Delivery.WEEKLY)
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [registered_user.email]
    assert message.subject == "Su resumen semanal: 15 notificaciones nuevas"
    assert "y 3 más" in message.body  # 13 objects, 10 shown
    assert f"3 novedades de la práctica {practices[0].title}" in message.body
    html = message.alternatives[0][0]
    assert "y 3 más" in html and "<a href=" in html
    # A second run in the same week sends nothing, even with new notifications
    # (they wait for next week's digest).
    _notify("practices.published", practices[1], [registered_user])
    assert services.digests_send(frequency=Delivery.WEEKLY) == 0
    call_command("send_digests", "--weekly", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1
    next_week = timezone.now() + dt.timedelta(days=7)
    assert services.digests_send(frequency=Delivery.WEEKLY, now=next_week) == 1
    assert len(mail.outbox) == 2
    assert "1" in mail.outbox[1].subject


def test_daily_digest_only_takes_daily_notifications(registered_user, body_member_user):
    services.preferences_set(user=registered_user, choices={"knowledge": "daily"})
    practice = PublishedPracticeFactory()
    _notify("practices.published", practice, [registered_user, body_member_user])
    assert services.digests_send(frequency=Delivery.DAILY) == 1
    assert mail.outbox[0].to == [registered_user.email]
    assert services.digests_send(frequency=Delivery.WEEKLY) == 1
    assert mail.outbox[1].to == [body_member_user.email]


def test_never_means_no_email_but_still_in_the_platform(registered_user):
    services.preferences_set(user=registered_user, choices={"knowledge": "never"})
    _notify("practices.published", PublishedPracticeFactory(), [registered_user])
    assert services.digests_send(frequency=Delivery.WEEKLY) == 0
    assert Notification.objects.filter(recipient=registered_user).count() == 1


def test_bad_preferences_are_refused_and_change_nothing(registered_user):
    with pytest.raises(ValidationError) as exc:
        services.preferences_set(user=registered_user, choices={"knowledge": "hourly"})
    assert "knowledge" in exc.value.message_dict
    assert not registered_user.notification_preferences.exists()


def test_unsubscribe_link_works_without_login_and_applies_at_once(
    client, registered_user
):
    practice = PublishedPracticeFactory()
    _notify("practices.published", practice, [registered_user])
    services.digests_send(frequency=Delivery.WEEKLY)
    url = re.search(r"http\S+/notifications/unsubscribe/\S+/", mail.outbox[0].body)[0]
    path = url.split("127.0.0.1:8000", 1)[-1]
    # Queued before the click: must not be sent after it.
    _notify("practices.published", PublishedPracticeFactory(), [registered_user])
    page = client.get(path)
    assert page.status_code == HTTPStatus.OK
    assert "weekly" in page.content.decode() or "setmanal" in page.content.decode()
    assert client.post(path).status_code == HTTPStatus.OK
    next_week = timezone.now() + dt.timedelta(days=7)
    assert services.digests_send(frequency=Delivery.WEEKLY, now=next_week) == 0
    assert services.deliveries_for([registered_user.pk], "knowledge") == {
        registered_user.pk: Delivery.NEVER
    }


def test_altered_unsubscribe_link_is_refused(client, registered_user):
    token = services.unsubscribe_token(user=registered_user, scope="all")
    response = client.post(f"/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not registered_user.notification_preferences.exists()


def test_immediate_email_in_the_recipients_language(
    secretariat_user, django_capture_on_commit_callbacks
):
    secretariat_user.language = "ca"
    secretariat_user.save(update_fields=["language"])
    practice = PublishedPracticeFactory(title="Mercat social")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(
            "practices.submitted",
            practice,
            [secretariat_user],
            actor=UserFactory(name="Anna Puig"),
        )
    assert (
        mail.outbox[0].subject
        == "Anna Puig ha enviat a revisió la pràctica Mercat social"
    )
    email = NotificationEmail.objects.get()
    assert email.status == NotificationEmail.Status.SENT


@override_settings(
    EMAIL_BACKEND="teixit.notifications.tests.test_delivery.FailingBackend"
)
def test_a_failing_mail_server_is_retried_and_never_blocks(
    secretariat_user, django_capture_on_commit_callbacks
):
    practice = PublishedPracticeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify("practices.submitted", practice, [secretariat_user])
    assert created  # the request went on
    email = NotificationEmail.objects.get()
    assert email.status == NotificationEmail.Status.PENDING and email.attempts == 1
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        services.digests_send(frequency=Delivery.DAILY)  # retries what is pending
    email.refresh_from_db()
    assert email.status == NotificationEmail.Status.SENT
    assert len(mail.outbox) == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise OSError("the mail server is down")


def test_next_digest_times():
    monday = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 0))
    assert services.next_digest_time("daily", monday).date() == dt.date(2026, 12, 8)
    assert services.next_digest_time("weekly", monday).date() == dt.date(2026, 12, 14)
    sunday = timezone.make_aware(dt.datetime(2026, 12, 6, 9, 0))
    assert services.next_digest_time("weekly", sunday).date() == dt.date(2026, 12, 7)
