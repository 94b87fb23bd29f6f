"""Notifications: who is told what, when, and by which e-mail.

Rules owned here:
- `notify` is the one entry point: the audience given, plus the target's
  followers (and its themes' followers) when the verb says so, minus the
  actor, inactive people and anyone who may not see the target;
- each notification's e-mail delivery (immediate, daily, weekly, never) is
  the person's preference for the verb's kind, or the kind's default;
- an e-mail is sent once: immediate ones are one row per notification, digests
  one row per person and period (unique), claimed before sending;
- an unsubscribe link is signed, needs no login and applies at once, also to
  notifications waiting for a digest.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import conf
from .models import Follow, Notification, NotificationEmail, NotificationPreference
from .registry import Delivery, find_verb, get_kind, get_verb, kinds

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "teixit.notifications.unsubscribe"
#: Groups shown in a digest before "and N more".
DIGEST_GROUPS = 10
MAX_ATTEMPTS = 5
#: What an e-mail shows of each notification (loading less is faster).
EMAIL_FIELDS = [
    "pk", "email_id", "verb", "kind", "actor_name", "target_title", "url",
    "group_key", "created_at",
]  # fmt: skip


# Notifying --------------------------------------------------------------------


def _target_keys(target) -> tuple[ContentType | None, int | None, str]:
    if target is None:
        return None, None, ""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return content_type, target.pk, f"{content_type.pk}:{target.pk}"


def _target_url(target) -> str:
    getter = getattr(target, "get_absolute_url", None)
    try:
        return getter() if getter else ""
    except Exception:  # an object without a page: the notification has no link
        return ""


def followers_of(target) -> list[int]:
    """Ids of the people following `target`."""
    if target is None:
        return []
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return list(
        Follow.objects.filter(
            target_type=content_type, target_id=target.pk
        ).values_list("user_id", flat=True)
    )


def theme_followers(concept_ids: Iterable[int]) -> list[int]:
    concept_ids = list(concept_ids)
    if not concept_ids:
        return []
    from teixit.vocabulary.models import Concept

    content_type = ContentType.objects.get_for_model(Concept)
    return list(
        Follow.objects.filter(target_type=content_type, target_id__in=concept_ids)
        .values_list("user_id", flat=True)
        .distinct()
    )


def deliveries_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """The e-mail delivery of `kind` for each person (one query)."""
    user_ids = list(user_ids)
    default = getattr(get_kind(kind), "default", Delivery.WEEKLY)
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=user_ids, kind=kind
        ).values_list("user_id", "delivery")
    )
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def notify(
    verb: str,
    actor,
    target,
    audience: Iterable = (),
    *,
    title: str | None = None,
    url: str | None = None,
) -> list[Notification]:
    """Tell people that `actor` did `verb` to `target`.

    `audience` is an iterable of users (or a user queryset) concerned by the
    event; the verb adds the target's followers (`to_followers`) and the
    followers of the target's themes (`themes`). Nobody is told about their
    own action, and nobody who may not see the target (the verb's
    `view_perm` or `visible`). Returns the notifications created. Immediate
    e-mails are sent by the background worker after the transaction commits.
    """
    spec = get_verb(verb)
    User = get_user_model()
    candidates: dict[int, object] = {}
    ids_to_load: set[int] = set()
    for person in audience:
        if isinstance(person, int):
            ids_to_load.add(person)
        elif person is not None:
            candidates[person.pk] = person
    if spec.to_followers:
        ids_to_load.update(followers_of(target))
    if spec.themes is not None and target is not None:
        ids_to_load.update(theme_followers(spec.themes(target)))
    ids_to_load -= set(candidates)
    if ids_to_load:
        for person in User.objects.filter(pk__in=ids_to_load):
            candidates[person.pk] = person
    actor_id = getattr(actor, "pk", None)
    recipients = [
        person
        for pk, person in candidates.items()
        if pk != actor_id and spec.can_see(person, target)
    ]
    if actor is not None and spec.actor_follows and target is not None:
        follow(user=actor, target=target, automatic=True)
    if not recipients:
        return []
    content_type, target_id, group_key = _target_keys(target)
    deliveries = deliveries_for([p.pk for p in recipients], spec.kind)
    actor_name = (actor.get_full_name() if actor is not None else "")[:200]
    rows = [
        Notification(
            recipient=person,
            verb=spec.code,
            kind=spec.kind,
            actor=actor,
            actor_name=actor_name,
            target_type=content_type,
            target_id=target_id,
            target_title=(title if title is not None else str(target or ""))[:300],
            url=(url if url is not None else _target_url(target))[:500],
            group_key=group_key,
            delivery=deliveries[person.pk] if spec.email else Delivery.NEVER,
        )
        for person in recipients
    ]
    created = Notification.objects.bulk_create(rows)
    immediate = [n for n in created if n.delivery == Delivery.IMMEDIATE]
    if immediate:
        _emails_immediate(immediate)
    return created


def _emails_immediate(notifications: list[Notification]) -> None:
    # bulk_create returns primary keys on PostgreSQL and SQLite >= 3.35.
    emails = NotificationEmail.objects.bulk_create(
        [
            NotificationEmail(
                recipient_id=n.recipient_id,
                frequency=NotificationEmail.Frequency.IMMEDIATE,
                period=f"n{n.pk}",
            )
            for n in notifications
        ]
    )
    for n, email in zip(notifications, emails, strict=True):
        n.email_id = email.pk
    Notification.objects.bulk_update(notifications, ["email"])
    email_ids = [email.pk for email in emails]

    def enqueue():
        from .tasks import notification_email_send

        for email_id in email_ids:
            notification_email_send.enqueue(email_id=email_id)

    transaction.on_commit(enqueue)


# Reading -----------------------------------------------------------------------


def notifications_mark_read(*, user, group_key: str | None = None) -> int:
    """Mark a person's unread notifications as read: those of one object
    (`group_key`), or all. Returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if group_key is not None:
        qs = qs.filter(group_key=group_key)
    return qs.update(read_at=timezone.now())


def notification_open(*, user, notification_id: int) -> Notification:
    """A person follows the link of a notification: it (and the others about
    the same object) become read; returns it."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    notifications_mark_read(user=user, group_key=notification.group_key)
    return notification


# Preferences --------------------------------------------------------------------


def _reroute_pending(user_id: int, kind_codes: Iterable[str], delivery: str) -> None:
    """Notifications of these kinds still waiting for an e-mail follow the new
    choice at once (an unsubscribe is honoured for what is already queued)."""
    kind_codes = list(kind_codes)
    Notification.objects.filter(
        recipient_id=user_id,
        kind__in=kind_codes,
        email__isnull=True,
        delivery__in=[Delivery.DAILY, Delivery.WEEKLY],
    ).update(delivery=delivery)
    if delivery == Delivery.NEVER:
        pending = NotificationEmail.objects.filter(
            recipient_id=user_id,
            status=NotificationEmail.Status.PENDING,
            frequency=NotificationEmail.Frequency.IMMEDIATE,
            notifications__kind__in=kind_codes,
        )
        NotificationEmail.objects.filter(
            pk__in=list(pending.values_list("pk", flat=True))
        ).update(status=NotificationEmail.Status.CANCELLED)


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> dict[str, str]:
    """Save a person's delivery per kind (`{"trainings": "daily", …}`)."""
    known = {kind.code for kind in kinds()}
    valid = set(Delivery.values)
    errors = {}
    for code, delivery in choices.items():
        if code not in known:
            errors[code] = [_("Unknown kind of notification.")]
        elif delivery not in valid:
            errors[code] = [_("Choose immediately, daily, weekly or never.")]
    if errors:
        raise ValidationError(errors, code="invalid_preference")
    for code, delivery in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=code, defaults={"delivery": delivery}
        )
        _reroute_pending(user.pk, [code], delivery)
    return choices


def unsubscribe_token(*, user, scope: str) -> str:
    """A signed token for the unsubscribe link: `scope` is a kind code,
    "daily" or "weekly" (a digest), or "all"."""
    return signing.dumps(
        {"u": user.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def unsubscribe_url(*, user, scope: str) -> str:
    token = unsubscribe_token(user=user, scope=scope)
    return conf.site_url() + _paths()["unsubscribe"].replace("TOKEN", token)


_PATHS: dict[tuple, dict[str, str]] = {}


def _paths() -> dict[str, str]:
    """The e-mails' links in the active language, reversed once per language
    (reversing costs more than rendering a digest)."""
    key = (translation.get_language(), settings.ROOT_URLCONF)
    paths = _PATHS.get(key)
    if paths is None:
        paths = {
            "list": reverse("notifications:list"),
            "preferences": reverse("notifications:preferences"),
            "unsubscribe": reverse("notifications:unsubscribe", args=["TOKEN"]),
        }
        _PATHS[key] = paths
    return paths


def unsubscribe_read(token: str) -> tuple[object, str]:
    """The person and scope of a token; ValidationError when it was altered."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=data["u"])
        scope = str(data["s"])
    except (signing.BadSignature, KeyError, TypeError, get_user_model().DoesNotExist):
        raise ValidationError(
            _(
                "This unsubscribe link is not valid. Change your e-mail preferences on the notifications page instead."
            ),
            code="bad_token",
        ) from None
    return user, scope


@transaction.atomic
def unsubscribe_apply(*, token: str) -> tuple[object, list[str]]:
    """Stop the e-mails a link names; returns the person and the kinds now at
    "never"."""
    user, scope = unsubscribe_read(token)
    codes = [kind.code for kind in kinds()]
    if scope in (Delivery.DAILY, Delivery.WEEKLY):
        current = {code: deliveries_for([user.pk], code)[user.pk] for code in codes}
        chosen = [code for code, delivery in current.items() if delivery == scope]
    elif scope == "all":
        chosen = codes
    elif scope in codes:
        chosen = [scope]
    else:
        raise ValidationError(
            _("This unsubscribe link is not valid."), code="bad_scope"
        )
    for code in chosen:
        NotificationPreference.objects.update_or_create(
            user=user, kind=code, defaults={"delivery": Delivery.NEVER}
        )
    _reroute_pending(user.pk, chosen, Delivery.NEVER)
    return user, chosen


# Following ------------------------------------------------------------------------


def follow(*, user, target, automatic: bool = False) -> Follow:
    """Follow an object or a theme (idempotent)."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    try:
        with transaction.atomic():
            row, _created = Follow.objects.get_or_create(
                user=user,
                target_type=content_type,
                target_id=target.pk,
                defaults={"automatic": automatic},
            )
    except IntegrityError:  # a concurrent click
        row = Follow.objects.get(
            user=user, target_type=content_type, target_id=target.pk
        )
    return row


def unfollow(*, user, target) -> int:
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    deleted, _detail = Follow.objects.filter(
        user=user, target_type=content_type, target_id=target.pk
    ).delete()
    return deleted


def follows_add(*, users: Iterable, target) -> None:
    """Make several people follow `target` automatically (responsible bodies)."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    Follow.objects.bulk_create(
        [
            Follow(
                user_id=getattr(u, "pk", u),
                target_type=content_type,
                target_id=target.pk,
                automatic=True,
            )
            for u in users
        ],
        ignore_conflicts=True,
    )


# E-mails ------------------------------------------------------------------------


def period_of(frequency: str, now: datetime) -> str:
    local = timezone.localtime(now)
    if frequency == Delivery.DAILY:
        return local.date().isoformat()
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def _groups(notifications: list[Notification]) -> list[dict]:
    """Notifications grouped by object, latest first."""
    groups: dict[str, dict] = {}
    for n in sorted(notifications, key=lambda n: n.created_at, reverse=True):
        key = n.group_key or f"n{n.pk}"
        group = groups.get(key)
        if group is None:
            groups[key] = {
                "latest": n,
                "count": 1,
                "url": n.url,
                "title": n.target_title,
            }
        else:
            group["count"] += 1
    result = []
    for group in groups.values():
        latest = group["latest"]
        verb = find_verb(latest.verb)
        if group["count"] == 1 or verb is None:
            group["text"] = latest.text
        else:
            group["text"] = verb.group_sentence % {
                "count": group["count"],
                "target": latest.target_title,
            }
        result.append(group)
    return result


def _render_email(email: NotificationEmail, user, notifications: list[Notification]):
    """Subject, text and HTML of an e-mail, in the recipient's language."""
    with translation.override(user.language or "ca"):
        groups = _groups(notifications)
        shown, rest = groups[:DIGEST_GROUPS], len(groups) - DIGEST_GROUPS
        if email.frequency == NotificationEmail.Frequency.IMMEDIATE:
            subject = groups[0]["text"] if groups else _("Notification")
            scope = notifications[0].kind if notifications else "all"
        else:
            total = len(notifications)
            if email.frequency == NotificationEmail.Frequency.DAILY:
                subject = ngettext(
                    "Your daily summary: %(count)s new notification",
                    "Your daily summary: %(count)s new notifications",
                    total,
                ) % {"count": total}
            else:
                subject = ngettext(
                    "Your weekly summary: %(count)s new notification",
                    "Your weekly summary: %(count)s new notifications",
                    total,
                ) % {"count": total}
            scope = email.frequency
        base = conf.site_url()
        context = {
            "user": user,
            "email": email,
            "groups": [
                {**g, "url": base + g["url"] if g["url"].startswith("/") else g["url"]}
                for g in shown
            ],
            "more": max(rest, 0),
            "site_url": base,
            "notifications_url": base + _paths()["list"],
            "preferences_url": base + _paths()["preferences"],
            "unsubscribe_url": unsubscribe_url(user=user, scope=scope),
            "subject": subject,
        }
        text, html = _bodies(context)
    return subject, text, html, context["unsubscribe_url"]


def _bodies(context: dict) -> tuple[str, str]:
    """The text and HTML bodies. Built in Python rather than with templates:
    the digest run renders one per person, and this is most of its time."""
    greeting = _("Hello %(name)s,") % {"name": context["user"].get_short_name()}
    more = context["more"]
    more_text = (
        ngettext("and %(counter)s more", "and %(counter)s more", more)
        % {"counter": more}
        if more
        else ""
    )
    choose, unsubscribe = _("Choose which e-mails you get"), _("Unsubscribe")
    lines = [greeting, ""]
    for group in context["groups"]:
        lines += [f"- {group['text']}", f"  {group['url']}"]
    if more_text:
        lines += ["", f"{more_text}: {context['notifications_url']}"]
    lines += [
        "",
        f"{_('Choose which e-mails you get:')} {context['preferences_url']}",
        f"{_('Unsubscribe from these e-mails:')} {context['unsubscribe_url']}",
        "",
    ]
    items = format_html_join(
        "\n",
        '<li><a href="{}">{}</a></li>',
        ((g["url"], g["text"]) for g in context["groups"]),
    )
    html = format_html(
        '<!DOCTYPE html>\n<html lang="{}">\n<head><meta charset="utf-8"><title>{}</title></head>\n'
        "<body>\n<p>{}</p>\n<ul>\n{}\n</ul>\n{}"
        '<p><small><a href="{}">{}</a> · <a href="{}">{}</a></small></p>\n</body>\n</html>\n',
        translation.get_language(),
        context["subject"],
        greeting,
        items,
        format_html(
            '<p><a href="{}">{}</a></p>\n', context["notifications_url"], more_text
        )
        if more_text
        else "",
        context["preferences_url"],
        choose,
        context["unsubscribe_url"],
        unsubscribe,
    )
    return "\n".join(lines), str(html)


def _message(email: NotificationEmail, user, notifications, connection=None):
    subject, text, html, unsubscribe = _render_email(email, user, notifications)
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ")[:200],
        body=text,
        to=[user.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _claim(email_ids: list[int]) -> list[int]:
    """Take pending e-mails for sending; another worker cannot take them too."""
    with transaction.atomic():
        qs = NotificationEmail.objects.filter(
            pk__in=email_ids, status=NotificationEmail.Status.PENDING
        )
        ids = list(qs.select_for_update(skip_locked=True).values_list("pk", flat=True))
        NotificationEmail.objects.filter(pk__in=ids).update(
            status=NotificationEmail.Status.SENDING
        )
    return ids


def _failed(email_ids: list[int], error: str) -> list[int]:
    """Put failed e-mails back in the queue, or give up after MAX_ATTEMPTS;
    returns the ids to retry."""
    retry = []
    for email in NotificationEmail.objects.filter(pk__in=email_ids):
        email.attempts += 1
        email.last_error = error[:2000]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = NotificationEmail.Status.FAILED
        else:
            email.status = NotificationEmail.Status.PENDING
            retry.append(email.pk)
        email.save(update_fields=["attempts", "last_error", "status"])
    return retry


def emails_send(email_ids: list[int]) -> int:
    """Send the given pending e-mails (each at most once); returns how many
    were sent. Failures go back to the queue with a later retry."""
    sent = 0
    chunk = 500
    for start in range(0, len(email_ids), chunk):
        claimed = _claim(email_ids[start : start + chunk])
        if not claimed:
            continue
        emails = {
            e.pk: e
            for e in NotificationEmail.objects.filter(pk__in=claimed).select_related(
                "recipient"
            )
        }
        by_email: dict[int, list[Notification]] = {pk: [] for pk in emails}
        rows = Notification.objects.filter(email_id__in=claimed).order_by()
        for n in rows.only(*EMAIL_FIELDS):
            by_email[n.email_id].append(n)
        ok, failed = [], []
        connection = get_connection()
        try:
            connection.open()
            for pk, email in emails.items():
                user = email.recipient
                if not by_email[pk] or not user.email or not user.is_active:
                    NotificationEmail.objects.filter(pk=pk).update(
                        status=NotificationEmail.Status.CANCELLED
                    )
                    continue
                try:
                    _message(email, user, by_email[pk], connection).send()
                except Exception as exc:  # the mail server: retried later
                    logger.warning("notification e-mail %s failed: %s", pk, exc)
                    failed.append((pk, str(exc)))
                else:
                    ok.append(pk)
        finally:
            connection.close()
        NotificationEmail.objects.filter(pk__in=ok).update(
            status=NotificationEmail.Status.SENT, sent_at=timezone.now()
        )
        sent += len(ok)
        for pk, error in failed:
            for retry_id in _failed([pk], error):
                _schedule_retry(retry_id)
    return sent


def _schedule_retry(email_id: int) -> None:
    from .tasks import notification_email_send

    email = NotificationEmail.objects.get(pk=email_id)
    backend = notification_email_send.get_backend()
    if not backend.supports_defer:  # tests: the next digest run retries it
        return
    delay = timedelta(minutes=5 * 2 ** (email.attempts - 1))
    notification_email_send.using(run_after=timezone.now() + delay).enqueue(
        email_id=email_id
    )


@transaction.atomic
def digests_prepare(*, frequency: str, now: datetime | None = None) -> list[int]:
    """Gather every notification waiting for a `frequency` digest into one
    e-mail per person for the current period; returns the e-mail ids pending.

    A person whose digest of this period was already sent keeps the newer
    notifications for the next period: nothing is sent twice, nothing lost."""
    if frequency not in (Delivery.DAILY, Delivery.WEEKLY):
        raise ValidationError(_("Digests are daily or weekly."), code="bad_frequency")
    now = now or timezone.now()
    period = period_of(frequency, now)
    waiting = Notification.objects.filter(
        delivery=frequency, email__isnull=True, created_at__lte=now
    )
    recipient_ids = list(
        waiting.order_by().values_list("recipient_id", flat=True).distinct()
    )
    NotificationEmail.objects.bulk_create(
        [
            NotificationEmail(recipient_id=rid, frequency=frequency, period=period)
            for rid in recipient_ids
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    email_of = NotificationEmail.objects.filter(
        recipient_id=OuterRef("recipient_id"),
        frequency=frequency,
        period=period,
        status=NotificationEmail.Status.PENDING,
    ).values("pk")[:1]
    waiting.update(email_id=Subquery(email_of))
    return list(
        NotificationEmail.objects.filter(
            frequency=frequency, period=period, status=NotificationEmail.Status.PENDING
        ).values_list("pk", flat=True)
    )


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """Build and send the `frequency` digests (the `send_digests` command and
    the worker's scheduled task); returns how many e-mails were sent. Running
    it twice sends nothing the second time. E-mails of earlier periods still
    pending (a failure) are retried too."""
    email_ids = digests_prepare(frequency=frequency, now=now)
    retry = list(
        NotificationEmail.objects.filter(
            status=NotificationEmail.Status.PENDING,
        )
        .filter(~Q(pk__in=email_ids))
        .filter(
            Q(frequency=frequency) | Q(frequency=NotificationEmail.Frequency.IMMEDIATE)
        )
        .values_list("pk", flat=True)
    )
    return emails_send(sorted(email_ids) + retry)


def next_digest_time(frequency: str, now: datetime | None = None) -> datetime:
    """When the next digest of `frequency` is due: 07:00 local time the next
    day (daily) or next Monday (weekly)."""
    local = timezone.localtime(now or timezone.now())
    hour = conf.digest_hour()
    due = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if frequency == Delivery.DAILY:
        if due <= local:
            due += timedelta(days=1)
    else:
        due += timedelta(days=(7 - due.weekday()) % 7)
        if due <= local:
            due += timedelta(days=7)
    return due


def digests_schedule(*, frequency: str, replace: bool = False) -> bool:
    """Queue the next `frequency` digest run in the worker unless one is
    already waiting (or `replace`, when the running one queues its
    successor); returns whether one was queued."""
    from .tasks import digests_send_scheduled

    backend = digests_send_scheduled.get_backend()
    if not backend.supports_defer:
        return False
    if not replace and _digest_run_waiting(frequency):
        return False
    digests_send_scheduled.using(run_after=next_digest_time(frequency)).enqueue(
        frequency=frequency
    )
    return True


def _digest_run_waiting(frequency: str) -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend
        return False
    return DBTaskResult.objects.filter(
        task_path="teixit.notifications.tasks.digests_send_scheduled",
        status="READY",
        args_kwargs__kwargs__frequency=frequency,
    ).exists()


# Visits ----------------------------------------------------------------------------


def visit_record(user, *, now=None):
    """Note that `user` is here now. A visit is a run of requests without a
    gap longer than `visit_gap_minutes`; when a new one starts, the end of
    the last one becomes `previous_visit_at` (what "What's new since your
    last visit" counts from). Written at most once every
    `visit_write_minutes`; returns the person's `Visit`."""
    import datetime

    from .conf import visit_gap_minutes, visit_write_minutes
    from .models import Visit

    now = now or timezone.now()
    visit = Visit.objects.filter(user=user).first()
    if visit is None:
        visit, _created = Visit.objects.get_or_create(
            user=user, defaults={"last_seen_at": now}
        )
        return visit
    away = now - visit.last_seen_at
    if away >= datetime.timedelta(minutes=visit_gap_minutes()):
        visit.previous_visit_at = visit.last_seen_at
        visit.last_seen_at = now
        visit.save(update_fields=["previous_visit_at", "last_seen_at"])
    elif away >= datetime.timedelta(minutes=visit_write_minutes()):
        visit.last_seen_at = now
        visit.save(update_fields=["last_seen_at"])
    return visit
