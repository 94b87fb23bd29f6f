import pytest

from teixit.diagnosis.services import (
    answer_save,
    diagnosis_create,
    methodology_load,
)


@pytest.fixture
def methodology(db):
    return methodology_load()


@pytest.fixture
def ready_diagnosis(methodology, member):
    """A diagnosis of `member` with every required answer, ready to submit."""
    diagnosis = diagnosis_create(member=member, year=2024)
    questions = {q.code: q for q in diagnosis.version.questions()}
    for code, raw in [
        ("sse_budget", "25000"),
        ("sse_staff_fte", "2"),
        ("sse_plan", "yes"),
        ("sse_mapping_done", "yes"),
        ("needs", "Espais"),
    ]:
        answer_save(diagnosis=diagnosis, question=questions[code], raw=raw)
    return diagnosis
