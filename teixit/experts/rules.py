"""Permissions of the expertise directory (loaded by rules' autodiscovery).

- the directory and the profiles are for registered people only; the public
  sees aggregated counts;
- each person manages their own profile and consent; the secretariat may
  correct a profile in the admin but never reads consultations;
- a consultation is read and answered only by its two people.
"""

import rules

from teixit.network.roles import is_registered, is_secretariat


@rules.predicate
def is_own_profile(user, profile) -> bool:
    return profile is not None and profile.user_id == user.pk


@rules.predicate
def is_party(user, consultation) -> bool:
    return consultation is not None and consultation.is_party(user)


@rules.predicate
def takes_consultations(user, profile) -> bool:
    return profile is not None and profile.listed and profile.takes_consultations


@rules.predicate
def is_listed_or_own(user, profile) -> bool:
    return profile is None or profile.listed or profile.user_id == user.pk


# Privacy rules are tested with `rules.test_rule`, never `user.has_perm`:
# has_perm lets the secretariat do everything (teixit.accounts.models.User),
# and these must hold for the secretariat too.
rules.add_rule("experts.is_party", is_registered & is_party)
rules.add_rule("experts.can_see_profile", is_registered & is_listed_or_own)
rules.add_rule("experts.can_ask", is_registered & takes_consultations & ~is_own_profile)

rules.add_perm("experts", is_registered)
rules.add_perm("experts.view_directory", is_registered)
rules.add_perm(
    "experts.view_expertprofile", is_registered & (is_listed_or_own | is_secretariat)
)
rules.add_perm("experts.add_expertprofile", is_registered)
rules.add_perm(
    "experts.change_expertprofile", is_registered & (is_own_profile | is_secretariat)
)
rules.add_perm("experts.delete_expertprofile", is_registered & is_own_profile)
rules.add_perm(
    "experts.ask_consultation", is_registered & takes_consultations & ~is_own_profile
)
rules.add_perm("experts.view_consultation", is_registered & is_party)
rules.add_perm("experts.reply_consultation", is_registered & is_party)
