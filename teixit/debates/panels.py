"""The debates' pieces of other pages (teixit/core/panels.py): debates and
their conclusions on an object's page, conclusions in the assembly report."""

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string

from teixit.core.prepared import prepared

from . import selectors
from .models import Debate, Space

# Compiled once (teixit/core/prepared.py): every object's page asks it.
_network_spaces = prepared(
    lambda: Space.objects.filter(kind=Space.Kind.NETWORK).order_by("pk")
)


def start_space_for(user):
    """Where a debate about an object starts: the first whole-network space
    the person may write in."""
    if not user.is_authenticated:
        return None
    for space in _network_spaces():
        if user.has_perm("debates.add_debate", space):
            return space
    return None


def object_debates(request, obj=None) -> str:
    if (
        obj is None
        or isinstance(obj, Debate | Space)
        or getattr(obj, "pk", None) is None
    ):
        return ""
    debates = list(selectors.debates_for_object(obj, request.user))
    closed = [d for d in debates if d.is_closed]
    open_ = [d for d in debates if not d.is_closed]
    start_space = start_space_for(request.user)
    if not debates and start_space is None:
        return ""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    # Without `request=`: the panel reads nothing of the context processors
    # (which ran for the page already).
    return render_to_string(
        "debates/partials/_object_debates.html",
        {
            "obj": obj,
            "type_id": content_type.pk,
            "closed": closed,
            "open": open_,
            "start_space": start_space,
        },
    )


def report_conclusions(request, plan=None) -> str:
    """Closed debates about the plan's actions, for the assembly report."""
    if plan is None:
        return ""
    from teixit.workplans.models import Action

    action_ids = Action.objects.filter(objective__line__plan=plan).values_list(
        "pk", flat=True
    )
    debates = list(selectors.conclusions_for_actions(action_ids, request.user))
    return render_to_string(
        "debates/partials/_report_conclusions.html",
        {"debates": debates},
        request=request,
    )
