"""Validation of answers by question type: one rule used by the page form, the
autosave endpoint and the services."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from teixit.core.uploads import validate_upload as core_validate_upload

from .models import MAX_UPLOAD_BYTES, UPLOAD_KINDS, Question

YES_VALUES = {"yes", "true", "1", "on", "si", "sí"}
NO_VALUES = {"no", "false", "0", "off"}


def validate_upload(upload) -> str:
    """Refuse files that are too large or whose content is not an accepted
    type (the project's one upload check); return the content type."""
    return core_validate_upload(upload, allowed=UPLOAD_KINDS, max_size=MAX_UPLOAD_BYTES)


def _decimal(raw: str, question: Question) -> Decimal:
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    if question.unit and text.endswith(question.unit.strip()):
        text = text[: -len(question.unit.strip())]
    # Accept Catalan/Spanish decimals: "1.234,5" and "1234,5".
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
        # "50.000" is fifty thousand in Catalan and Spanish.
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number."), code="not_a_number") from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."), code="not_a_number")
    return number


def _bound(value) -> str:
    """A bound of the range as people write it: "2000", not "2000,00" (whole
    numbers, years among them, without decimals or a thousands separator)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return number_format(value.normalize())


def _check_range(number: Decimal, low, high) -> None:
    if low is not None and number < Decimal(low):
        raise ValidationError(
            _("The value must be at least %(min)s.") % {"min": _bound(low)},
            code="min_value",
        )
    if high is not None and number > Decimal(high):
        raise ValidationError(
            _("The value must be at most %(max)s.") % {"max": _bound(high)},
            code="max_value",
        )


def answer_clean(question: Question, raw) -> tuple[object, Decimal | None]:
    """Turn raw input into the stored JSON value and its numeric value.

    Empty input gives (None, None): the answer is cleared (required questions
    are checked when the diagnosis is submitted, so drafts can be partial).
    """
    if (
        raw is None
        or raw == ""
        or raw == []
        or (isinstance(raw, str) and not raw.strip())
    ):
        return None, None
    kind = question.type
    if kind in (Question.Type.NUMBER, Question.Type.MONEY):
        number = _decimal(raw, question)
        low = question.min_value
        if kind == Question.Type.MONEY and low is None:
            low = Decimal(0)
        if question.unit.strip() == "%" and low is None:
            low = Decimal(0)
        high = question.max_value
        if question.unit.strip() == "%" and high is None:
            high = Decimal(100)
        _check_range(number, low, high)
        if kind == Question.Type.MONEY:
            if number.normalize().as_tuple().exponent < -2:
                raise ValidationError(
                    _("Enter an amount with at most two decimals."),
                    code="money_decimals",
                )
            number = number.quantize(Decimal("0.01"))
        return str(number), number
    if kind == Question.Type.SCALE:
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ValidationError(
                _("Choose a value of the scale."), code="not_on_scale"
            ) from None
        if not question.scale_min <= number <= question.scale_max:
            raise ValidationError(
                _("Choose a value between %(min)s and %(max)s.")
                % {"min": question.scale_min, "max": question.scale_max},
                code="not_on_scale",
            )
        return number, Decimal(number)
    if kind == Question.Type.YES_NO:
        if isinstance(raw, bool):
            flag = raw
        else:
            text = str(raw).strip().lower()
            if text in YES_VALUES:
                flag = True
            elif text in NO_VALUES:
                flag = False
            else:
                raise ValidationError(_("Answer yes or no."), code="not_yes_no")
        return flag, Decimal(1 if flag else 0)
    codes = [code for code, _label in question.choice_list]
    if kind == Question.Type.SINGLE:
        if isinstance(raw, list | tuple):
            if len(raw) > 1:
                raise ValidationError(
                    _("Choose only one option."), code="too_many_choices"
                )
            raw = raw[0]
        if raw not in codes:
            raise ValidationError(
                _("Choose one of the options."), code="invalid_choice"
            )
        return raw, None
    if kind == Question.Type.MULTIPLE:
        values = [raw] if isinstance(raw, str) else list(raw)
        values = [v for v in values if v != ""]
        unknown = [v for v in values if v not in codes]
        if unknown:
            raise ValidationError(
                _("“%(value)s” is not one of the options.") % {"value": unknown[0]},
                code="invalid_choice",
            )
        ordered = [c for c in codes if c in values]
        return (ordered or None), (Decimal(len(ordered)) if ordered else None)
    if kind == Question.Type.TEXT:
        text = str(raw).strip()
        if len(text) > 10000:
            raise ValidationError(
                _("The text is too long (at most 10,000 characters)."), code="too_long"
            )
        return text, None
    raise ValidationError(_("This question takes a file."), code="file_expected")


def answer_is_empty(answer) -> bool:
    if answer is None:
        return True
    if answer.question.type == Question.Type.FILE:
        return not answer.file
    return answer.value in (None, "", [])
