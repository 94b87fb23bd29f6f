"""Who may write the news: the secretariat writes, edits and publishes;
everyone reads published news, the secretariat also drafts."""

import rules

from teixit.network.roles import is_secretariat


@rules.predicate
def is_published(user, item) -> bool:
    return item is not None and item.status == "published"


rules.add_perm("news.view_newsitem", is_published | is_secretariat)
rules.add_perm("news.add_newsitem", is_secretariat)
rules.add_perm("news.change_newsitem", is_secretariat)
rules.add_perm("news.publish_newsitem", is_secretariat)
