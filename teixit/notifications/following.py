"""Who may follow what: anyone logged in who may see the object.

The object's own view permission (`<app>.view_<model>`) decides, so a person
never follows (and is never told about) something hidden from them."""

from __future__ import annotations


def view_perm_of(target) -> str:
    opts = target._meta
    return f"{opts.app_label}.view_{opts.model_name}"


def can_follow(user, target) -> bool:
    if target is None or not (user.is_authenticated and user.is_active):
        return False
    return user.has_perm(view_perm_of(target), target)
