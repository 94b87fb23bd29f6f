"""The debates' verbs (teixit.notifications.registry), registered in ready()."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from teixit.notifications.registry import register_verb


def register() -> None:
    replies = ngettext_lazy(
        "%(count)s new reply in %(target)s",
        "%(count)s new replies in %(target)s",
        "count",
    )
    register_verb(
        "debates.started",
        kind="debates",
        sentence=_("%(actor)s started the debate %(target)s"),
        group_sentence=replies,
        view_perm="debates.view_debate",
        to_followers=False,  # the service gives the space's and object's followers
        actor_follows=True,
    )
    register_verb(
        "debates.replied",
        kind="debates",
        sentence=_("%(actor)s replied in %(target)s"),
        group_sentence=replies,
        view_perm="debates.view_debate",
        actor_follows=True,
    )
    register_verb(
        "debates.mention",
        kind="mentions",
        sentence=_("%(actor)s mentioned you in %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s mention of you in %(target)s",
            "%(count)s mentions of you in %(target)s",
            "count",
        ),
        view_perm="debates.view_debate",
        to_followers=False,
    )
    register_verb(
        "debates.closed",
        kind="debates",
        sentence=_("%(actor)s closed the debate %(target)s with conclusions"),
        group_sentence=replies,
        view_perm="debates.view_debate",
    )
    register_verb(
        "debates.reported",
        kind="my_action",
        sentence=_("%(actor)s reported a message in %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s report about %(target)s",
            "%(count)s reports about %(target)s",
            "count",
        ),
        view_perm="debates.moderate_debate",
        to_followers=False,
    )
