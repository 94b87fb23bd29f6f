import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from teixit.diagnosis.models import Answer, Methodology, MethodologyVersion, Question
from teixit.diagnosis.services import (
    answer_save,
    diagnosis_create,
    methodology_current_version,
    methodology_load,
    methodology_version_new,
    methodology_version_publish,
)

pytestmark = pytest.mark.django_db

TOPICS = [
    "Política i pla municipal",
    "Pressupost i personal",
    "Serveis",
    "Entitats i ocupació",
    "Contractació pública",
    "Mercat social",
    "Participació i xarxes",
    "Formació",
    "Necessitats",
]


def test_default_methodology_covers_every_topic_and_question_type(version):
    titles = list(version.sections.values_list("title", flat=True))
    for topic in TOPICS:
        assert any(topic.lower() in title.lower() for title in titles), topic
    types = set(version.questions().values_list("type", flat=True))
    assert types == set(Question.Type.values)
    assert version.status == MethodologyVersion.Status.PUBLISHED
    assert version.questions().exclude(help_text="").exists()


def test_load_methodology_is_idempotent(version):
    call_command("load_methodology")
    assert Methodology.objects.count() == 1
    assert MethodologyVersion.objects.count() == 1
    assert methodology_load() == version


def test_new_version_copies_questions_and_leaves_answers_on_the_old_one(
    version, member
):
    diagnosis = diagnosis_create(member=member, year=2024)
    budget = version.questions().get(code="sse_budget")
    answer_save(diagnosis=diagnosis, question=budget, raw="1000")
    new = methodology_version_new(version=version, notes="Nova pregunta")
    assert new.number == 2 and new.status == MethodologyVersion.Status.DRAFT
    assert new.questions().count() == version.questions().count()
    new_budget = new.questions().get(code="sse_budget")
    new_budget.text = "Pressupost total dedicat a l'ESS"
    new_budget.save(update_fields=["text"])
    methodology_version_publish(version=new)
    version.refresh_from_db()
    assert version.status == MethodologyVersion.Status.RETIRED
    assert methodology_current_version() == new
    answer = Answer.objects.get(diagnosis=diagnosis)
    assert answer.question == budget
    assert answer.question.text != new_budget.text
    # New diagnoses answer the new version; the old one keeps its own.
    assert diagnosis_create(member=member, year=2025).version == new
    diagnosis.refresh_from_db()
    assert diagnosis.version == version


def test_only_one_draft_version_at_a_time(version):
    methodology_version_new(version=version)
    with pytest.raises(ValidationError) as exc:
        methodology_version_new(version=version)
    assert exc.value.code == "draft_exists"


def test_publishing_refuses_duplicate_codes_and_published_versions(version):
    with pytest.raises(ValidationError):
        methodology_version_publish(version=version)
    new = methodology_version_new(version=version)
    first, second = list(new.questions()[:2])
    second.code = first.code
    second.save(update_fields=["code"])
    with pytest.raises(ValidationError) as exc:
        methodology_version_publish(version=new)
    assert exc.value.code == "duplicate_code"


def test_answer_to_a_question_of_another_version_is_refused(version, member):
    diagnosis = diagnosis_create(member=member, year=2024)
    new = methodology_version_new(version=version)
    with pytest.raises(ValidationError) as exc:
        answer_save(
            diagnosis=diagnosis,
            question=new.questions().get(code="sse_budget"),
            raw="5",
        )
    assert exc.value.code == "wrong_version"


def test_admin_published_version_is_read_only_and_new_version_action_creates_draft(
    version, client_for, secretariat_user
):
    client = client_for(secretariat_user)
    url = f"/admin/diagnosis/methodologyversion/{version.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content  # view only
    response = client.post(
        "/admin/diagnosis/methodologyversion/",
        {"action": "new_version", "_selected_action": [version.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft = MethodologyVersion.objects.get(number=2)
    assert draft.status == MethodologyVersion.Status.DRAFT
    response = client.get(f"/admin/diagnosis/methodologyversion/{draft.pk}/change/")
    assert b'name="_save"' in response.content


def test_admin_questionnaire_is_closed_to_technicians(
    version, client_for, technician_user
):
    response = client_for(technician_user).get("/admin/diagnosis/methodologyversion/")
    assert response.status_code in (302, 403)
