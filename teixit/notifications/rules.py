"""Permissions of notifications: each person sees and changes only their own."""

import rules

from teixit.network.roles import is_registered, is_secretariat


@rules.predicate
def is_recipient(user, notification) -> bool:
    return notification is not None and notification.recipient_id == user.pk


rules.add_perm("notifications", is_secretariat)
rules.add_perm("notifications.view_notification", is_recipient | is_secretariat)
rules.add_perm("notifications.add_notification", rules.always_deny)
rules.add_perm("notifications.change_notification", rules.always_deny)
rules.add_perm("notifications.delete_notification", is_secretariat)
rules.add_perm("notifications.view_notificationemail", is_secretariat)
rules.add_perm("notifications.add_notificationemail", rules.always_deny)
rules.add_perm("notifications.change_notificationemail", rules.always_deny)
rules.add_perm("notifications.delete_notificationemail", rules.always_deny)
rules.add_perm("notifications.view_follow", is_secretariat)
rules.add_perm("notifications.follow", is_registered)
