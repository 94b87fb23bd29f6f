"""Who may read and write in debates (loaded by rules' autodiscovery).

- a space is read by everyone (public), by network people — secretariat,
  body members, technicians — (members) or by the members of its body (body);
  the secretariat reads every space;
- whoever reads a space may start debates and reply there, when logged in;
- the author edits their replies; the secretariat moderates (hides replies
  with a reason, resolves reports) and, with the author, closes a debate
  with conclusions.
"""

import rules

from teixit.network.roles import (
    is_registered,
    is_secretariat,
    may_read_space,
)


def _space_of(obj):
    from .models import Attachment, Debate, Reply, Space

    if isinstance(obj, Space):
        return obj
    if isinstance(obj, Debate):
        return obj.space
    if isinstance(obj, Reply | Attachment):
        return obj.debate.space
    return None


@rules.predicate
def can_read_space(user, obj) -> bool:
    space = _space_of(obj)
    return space is not None and may_read_space(user, space)


@rules.predicate
def is_debate_author(user, obj) -> bool:
    from .models import Debate

    debate = obj if isinstance(obj, Debate) else getattr(obj, "debate", None)
    return (
        debate is not None
        and debate.author_id is not None
        and debate.author_id == user.pk
    )


@rules.predicate
def is_reply_author(user, reply) -> bool:
    return (
        reply is not None and reply.author_id is not None and reply.author_id == user.pk
    )


@rules.predicate
def is_open(user, obj) -> bool:
    from .models import Debate

    debate = obj if isinstance(obj, Debate) else getattr(obj, "debate", None)
    return debate is None or debate.status == Debate.Status.OPEN


rules.add_perm("debates", is_secretariat)
rules.add_perm("debates.view_space", can_read_space)
rules.add_perm("debates.add_space", is_secretariat)
rules.add_perm("debates.change_space", is_secretariat)
rules.add_perm("debates.delete_space", is_secretariat)
rules.add_perm("debates.view_debate", can_read_space)
rules.add_perm("debates.add_debate", is_registered & can_read_space)
rules.add_perm("debates.reply_debate", is_registered & can_read_space & is_open)
rules.add_perm("debates.change_debate", is_secretariat)
rules.add_perm("debates.delete_debate", is_secretariat)
rules.add_perm(
    "debates.close_debate",
    is_registered & can_read_space & (is_secretariat | is_debate_author),
)
rules.add_perm("debates.moderate_debate", is_secretariat)
rules.add_perm("debates.report_debate", is_registered & can_read_space)
rules.add_perm("debates.view_reply", can_read_space)
rules.add_perm("debates.change_reply", is_registered & is_reply_author & is_open)
rules.add_perm("debates.delete_reply", is_secretariat)
rules.add_perm("debates.view_attachment", can_read_space)
rules.add_perm("debates.view_report", is_secretariat)
rules.add_perm("debates.change_report", is_secretariat)
