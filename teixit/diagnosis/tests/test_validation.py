from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from teixit.diagnosis.models import Question
from teixit.diagnosis.validation import answer_clean, validate_upload

pytestmark = pytest.mark.django_db


def q(version, code):
    return version.questions().get(code=code)


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        ("sse_budget", "1.234,50", ("1234.50", Decimal("1234.50"))),
        ("sse_budget", "50.000", ("50000.00", Decimal("50000.00"))),
        ("sse_budget", "700 €", ("700.00", Decimal("700.00"))),
        ("sse_staff_fte", "1,5", ("1.5", Decimal("1.5"))),
        ("sse_plan", "yes", (True, Decimal(1))),
        ("sse_plan", "no", (False, Decimal(0))),
        ("sse_policy_maturity", "4", (4, Decimal(4))),
        ("sse_department", "promocio_economica", ("promocio_economica", None)),
        (
            "services_offered",
            ["formacio", "assessorament"],
            (["assessorament", "formacio"], Decimal(2)),
        ),
        ("needs", "  Espais  ", ("Espais", None)),
        ("needs", "", (None, None)),
    ],
)
def test_answer_clean_accepts_valid_input(version, code, raw, expected):
    assert answer_clean(q(version, code), raw) == expected


@pytest.mark.parametrize(
    ("code", "raw", "error"),
    [
        ("sse_budget", "molts", "not_a_number"),
        ("sse_budget", "-5", "min_value"),
        ("sse_budget", "10,555", "money_decimals"),
        ("sse_staff_fte", "600", "max_value"),
        ("procurement_reserved_share", "120", "max_value"),
        ("sse_plan", "potser", "not_yes_no"),
        ("sse_policy_maturity", "9", "not_on_scale"),
        ("sse_department", "inventat", "invalid_choice"),
        ("services_offered", ["formacio", "inventat"], "invalid_choice"),
    ],
)
def test_answer_clean_refuses_invalid_input_with_a_code(version, code, raw, error):
    with pytest.raises(ValidationError) as exc:
        answer_clean(q(version, code), raw)
    assert exc.value.code == error


def test_validation_messages_are_in_the_user_language(version):
    with translation.override("ca"), pytest.raises(ValidationError) as exc:
        answer_clean(q(version, "sse_budget"), "molts")
    assert exc.value.messages == ["Introduïu un número."]
    with translation.override("es"), pytest.raises(ValidationError) as exc:
        answer_clean(q(version, "sse_budget"), "molts")
    assert exc.value.messages == ["Introduzca un número."]


def test_uploads_are_checked_by_size_type_and_content():
    validate_upload(
        SimpleUploadedFile("pla.pdf", b"%PDF-1.4 hello", content_type="application/pdf")
    )
    with pytest.raises(ValidationError) as exc:
        validate_upload(
            SimpleUploadedFile(
                "virus.exe", b"MZ...", content_type="application/octet-stream"
            )
        )
    assert exc.value.code == "file_type_not_allowed"
    with pytest.raises(ValidationError) as exc:
        validate_upload(
            SimpleUploadedFile(
                "fake.pdf", b"MZ not a pdf", content_type="application/pdf"
            )
        )
    assert exc.value.code == "file_type_not_allowed"
    big = SimpleUploadedFile(
        "big.txt", b"x" * (10 * 1024 * 1024 + 1), content_type="text/plain"
    )
    with pytest.raises(ValidationError) as exc:
        validate_upload(big)
    assert exc.value.code == "file_too_large"


def test_every_question_type_is_covered_by_validation():
    assert set(Question.Type.values) == {
        "number", "money", "yes_no", "single_choice", "multiple_choice", "scale", "text", "file"
    }  # fmt: skip
