import pytest

from teixit.diagnosis.services import (
    diagnosis_create,
    methodology_load,
)
from teixit.diagnosis.tests.factories import answers_saved


@pytest.fixture
def methodology(db):
    return methodology_load()


@pytest.fixture
def ready_diagnosis(methodology, member):
    """A diagnosis of `member` with every required answer, ready to submit."""
    diagnosis = diagnosis_create(member=member, year=2024)
    answers_saved(
        diagnosis,
        {
            "sse_budget": "25000",
            "sse_staff_fte": "2",
            "sse_plan": "yes",
            "sse_mapping_done": "yes",
            "needs": "Espais",
        },
    )
    return diagnosis
