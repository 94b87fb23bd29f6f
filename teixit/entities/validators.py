"""Validation rules shared by the forms, the importer and the API.

`validate_tax_id` is THE rule for Spanish tax IDs: NIF of people (DNI), NIE of
foreign residents, special NIFs (K, L, M) and NIF of legal persons (the former
CIF), each with its check character.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
CIF_LETTERS = "JABCDEFGHI"
_CLEAN = re.compile(r"[\s.\-/]")
_DNI = re.compile(r"^(\d{8})([A-Z])$")
_NIE = re.compile(r"^([XYZ])(\d{7})([A-Z])$")
_KLM = re.compile(r"^([KLM])(\d{7})([A-Z])$")
_CIF = re.compile(r"^([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])$")
# Organisation types whose control character is always a letter / always a digit.
_CIF_LETTER_ONLY = set("NPQRSW")
_CIF_DIGIT_ONLY = set("ABEH")


def normalise_tax_id(value: str) -> str:
    """Upper case, without spaces, dots, dashes or an "ES" VAT prefix."""
    value = _CLEAN.sub("", str(value or "")).upper()
    if value.startswith("ES") and len(value) == 11:
        value = value[2:]
    return value


def _cif_control(digits: str) -> int:
    total = 0
    for index, char in enumerate(digits):
        number = int(char)
        if index % 2 == 0:  # positions 1, 3, 5, 7: doubled, digits summed
            number *= 2
            number = number // 10 + number % 10
        total += number
    return (10 - total % 10) % 10


def tax_id_is_valid(value: str) -> bool:
    value = normalise_tax_id(value)
    if match := _DNI.match(value):
        return DNI_LETTERS[int(match[1]) % 23] == match[2]
    if match := _NIE.match(value):
        number = int("XYZ".index(match[1]) * 10_000_000 + int(match[2]))
        return DNI_LETTERS[number % 23] == match[3]
    if match := _KLM.match(value):
        return DNI_LETTERS[int(match[2]) % 23] == match[3]
    if match := _CIF.match(value):
        kind, digits, control = match.groups()
        expected = _cif_control(digits)
        as_digit, as_letter = str(expected), CIF_LETTERS[expected]
        if kind in _CIF_LETTER_ONLY:
            return control == as_letter
        if kind in _CIF_DIGIT_ONLY:
            return control == as_digit
        return control in (as_digit, as_letter)
    return False


def validate_tax_id(value: str) -> str:
    """Return the normalised tax ID, or raise ValidationError (code `tax_id`)."""
    normalised = normalise_tax_id(value)
    if not normalised:
        return ""
    if not tax_id_is_valid(normalised):
        raise ValidationError(
            _(
                "%(value)s is not a valid Spanish tax ID (NIF, NIE or CIF): check the letters and the check character."
            ),
            code="tax_id",
            params={"value": value},
        )
    return normalised


def repair_postcode(value) -> str:
    """A Spanish postcode of 5 digits; "8001" (leading zero lost) → "08001".

    Returns "" for empty input and raises ValidationError for anything that is
    not 4-5 digits between 01000 and 52999."""
    text = str(value or "").strip()
    if not text:
        return ""
    if re.fullmatch(r"\d+\.0", text):  # spreadsheets turn codes into floats
        text = text[:-2]
    if not re.fullmatch(r"\d{4,5}", text):
        raise ValidationError(
            _("%(value)s is not a postcode: it must have five digits."),
            code="postcode",
            params={"value": value},
        )
    text = text.zfill(5)
    if not ("01000" <= text <= "52999"):
        raise ValidationError(
            _("%(value)s is not a Spanish postcode."),
            code="postcode",
            params={"value": value},
        )
    return text
