import pytest
from django.core.exceptions import ValidationError

from teixit.entities.validators import repair_postcode, tax_id_is_valid, validate_tax_id


@pytest.mark.parametrize(
    "value",
    ["12345678Z", "00000000T", "X1234567L", "Y1234567X", "Z1234567R", "B12345674", "A58818501",
     "F17009119", "Q2826000H", "es b-12345674", "K1234567L"],
)  # fmt: skip
def test_tax_id_valid_examples_are_accepted(value):
    assert tax_id_is_valid(value)


@pytest.mark.parametrize(
    "value",
    ["12345678A", "X1234567A", "B12345675", "Q2826000A", "A5881850J", "123", "ZZZ", ""],
)
def test_tax_id_wrong_check_character_is_refused(value):
    assert not tax_id_is_valid(value)


def test_validate_tax_id_normalises_and_raises_with_code():
    assert validate_tax_id(" b-1234567-4 ") == "B12345674"
    with pytest.raises(ValidationError) as exc:
        validate_tax_id("B12345675")
    assert exc.value.code == "tax_id"


def test_letter_only_organisations_need_a_letter_control():
    # P (public bodies) must end in a letter: the digit form is refused.
    assert tax_id_is_valid("P0801900B")
    assert not tax_id_is_valid("P08019002")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("8001", "08001"), ("08001", "08001"), ("8001.0", "08001"), ("", "")],
)
def test_postcode_lost_leading_zero_is_repaired(raw, expected):
    assert repair_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["123", "ABCDE", "99999", "080011"])
def test_postcode_invalid_is_refused(raw):
    with pytest.raises(ValidationError):
        repair_postcode(raw)
