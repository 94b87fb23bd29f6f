"""The documents' verbs (teixit.notifications.registry), registered in ready()."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from teixit.notifications.registry import register_kind, register_verb


def register() -> None:
    register_kind("documents", _("Documents written together"))
    changes = ngettext_lazy(
        "%(count)s change in %(target)s", "%(count)s changes in %(target)s", "count"
    )
    register_verb(
        "documents.stage",
        kind="documents",
        sentence=_("%(actor)s moved %(target)s to a new stage"),
        group_sentence=changes,
        view_perm="documents.view_document",
        to_followers=True,
    )
    register_verb(
        "documents.amended",
        kind="documents",
        sentence=_("%(actor)s proposed an amendment to %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s new amendment to %(target)s",
            "%(count)s new amendments to %(target)s",
            "count",
        ),
        view_perm="documents.view_document",
        to_followers=True,
    )
    register_verb(
        "documents.answered",
        kind="documents",
        sentence=_("%(actor)s answered your amendment to %(target)s"),
        group_sentence=ngettext_lazy(
            "%(count)s amendment answered in %(target)s",
            "%(count)s amendments answered in %(target)s",
            "count",
        ),
        view_perm="documents.view_document",
        to_followers=False,
    )
