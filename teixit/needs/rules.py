"""Permissions on needs and the social market (loaded by rules' autodiscovery).

- everyone sees confirmed, answered and covered needs, their matching SSE
  entities and the "buy from the SSE" search;
- people of the network (technicians, body members, the secretariat) also see
  raised needs (proposals) and dropped ones, raise needs and mark matched
  entities as contacted, supplying or not suitable;
- whoever raised a need edits it while it is only raised; the secretariat
  edits every need and moves it along (confirms or discards proposals, marks it
  answered, covered or dropped) and deletes needs.
"""

import rules

from teixit.network.roles import is_network_person, is_secretariat

PUBLIC = ("confirmed", "answering", "covered")


@rules.predicate
def is_public_need(user, need) -> bool:
    return need is None or need.status in PUBLIC


@rules.predicate
def is_raiser_of_raised(user, need) -> bool:
    return (
        need is not None
        and need.status == "raised"
        and user.is_authenticated
        and need.raised_by_id == user.pk
    )


rules.add_perm("needs.view_need", is_public_need | is_network_person)
rules.add_perm("needs.add_need", is_network_person)
rules.add_perm("needs.change_need", is_secretariat | is_raiser_of_raised)
rules.add_perm("needs.review_need", is_secretariat)
rules.add_perm("needs.delete_need", is_secretariat)
rules.add_perm("needs.mark_supplier", is_network_person)
rules.add_perm("needs.view_suppliermark", is_network_person)
rules.add_perm("needs.add_suppliermark", is_network_person)
rules.add_perm("needs.change_suppliermark", is_network_person)
rules.add_perm("needs.delete_suppliermark", is_secretariat)
