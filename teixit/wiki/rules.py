"""Who may read and write the wiki (members only, never public):

- a space for network members is read by the secretariat, body members and
  technicians; a body's space by that body's members and the secretariat
  (the debates' rules);
- whoever reads a space edits its pages, reverts them and adds attachments;
- the secretariat manages the spaces.
"""

import rules

from teixit.network.roles import (
    is_network_person,
    is_secretariat,
    may_read_space,
)


def _space_of(obj):
    from .models import Attachment, Page, WikiSpace

    if isinstance(obj, WikiSpace):
        return obj
    if isinstance(obj, Page):
        return obj.space
    if isinstance(obj, Attachment):
        return obj.page.space
    return None


@rules.predicate
def can_read_space(user, obj) -> bool:
    space = _space_of(obj)
    # The wiki is never public: its spaces have no public visibility.
    return space is not None and may_read_space(user, space, public=False)


rules.add_perm("wiki.view_wikispace", is_network_person)
rules.add_perm("wiki.read_wikispace", can_read_space)
rules.add_perm("wiki.add_wikispace", is_secretariat)
rules.add_perm("wiki.change_wikispace", is_secretariat)
rules.add_perm("wiki.delete_wikispace", is_secretariat)
rules.add_perm("wiki.view_page", can_read_space)
rules.add_perm("wiki.change_page", can_read_space)
rules.add_perm("wiki.view_attachment", can_read_space)
