"""Who may do what with the documents written together (the plan's roles).

- network people (secretariat, body members, technicians) read every document
  and, while it is in consultation, comment on paragraphs and propose
  amendments;
- the executing body (`editing_body`) writes the text while it is a draft and
  puts it to consultation;
- the body with the plan's "basic lines" (`approving_body`) closes the
  consultation, answers each amendment, approves a version and publishes it;
- the secretariat may do all of it and creates documents;
- anyone reads the approved versions of a public document (the public site).
"""

import rules

from teixit.network.roles import (
    is_member_of_body,
    is_network_person,
    is_secretariat,
)


@rules.predicate
def is_editor(user, document) -> bool:
    if document is None or not document.editing_body_id:
        return False
    return bool(is_member_of_body(user, document.editing_body))


@rules.predicate
def is_approver(user, document) -> bool:
    if document is None:
        return False
    return bool(is_member_of_body(user, document.approving_body))


def _stage(*stages):
    @rules.predicate
    def in_stage(user, document) -> bool:
        return document is not None and document.stage in stages

    return in_stage


in_draft = _stage("draft")
in_consultation = _stage("consultation")
in_deliberation = _stage("deliberation")
in_approved = _stage("approved", "published")

can_approve = is_secretariat | is_approver

rules.add_perm("documents.view_document", is_network_person)
rules.add_perm("documents.add_document", is_secretariat)
rules.add_perm(
    "documents.change_document", in_draft & (is_secretariat | is_editor | is_approver)
)
rules.add_perm(
    "documents.open_consultation",
    in_draft & (is_secretariat | is_editor | is_approver),
)
rules.add_perm("documents.amend_document", in_consultation & is_network_person)
rules.add_perm("documents.close_consultation", in_consultation & can_approve)
rules.add_perm("documents.answer_amendment", in_deliberation & can_approve)
rules.add_perm("documents.approve_document", in_deliberation & can_approve)
rules.add_perm("documents.publish_document", _stage("approved") & can_approve)
rules.add_perm(
    "documents.reopen_document",
    in_approved & (is_secretariat | is_editor | is_approver),
)
