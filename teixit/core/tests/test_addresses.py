"""`navigation.pk_address` and `key_address`: a list's addresses reversed
once give what `reverse()` gives for each row."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from teixit.core.navigation import key_address, pk_address


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_pk_address_is_reverse_for_every_key_and_language(language):
    with translation.override(language):
        address = pk_address("diagnosis:diagnosis_detail")
        for pk in (1, 7, 42, 2_071_234_567, 10**12):
            assert address(pk) == reverse(
                "diagnosis:diagnosis_detail", kwargs={"pk": pk}
            )
        autosave = pk_address("diagnosis:answer_autosave", "question_pk", pk=12)
        assert autosave(3) == reverse(
            "diagnosis:answer_autosave", kwargs={"pk": 12, "question_pk": 3}
        )


@pytest.mark.parametrize("language", ["ca", "es"])
def test_key_address_is_reverse_for_plain_and_quoted_keys(language):
    with translation.override(language):
        address = key_address("diagnosis:municipality", "code")
        for code in ("080193", "990001", "a-b_c.d~e", "amb espai", "à", "%20"):
            assert address(code) == reverse(
                "diagnosis:municipality", kwargs={"code": code}
            )
        with pytest.raises(NoReverseMatch):
            address("with/slash")
