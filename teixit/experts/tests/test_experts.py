import json
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from teixit.accounts.tests.factories import UserFactory
from teixit.experts import services
from teixit.experts.models import (
    Consultation,
    ConsultationMessage,
    ExpertConsent,
    ExpertProfile,
)
from teixit.trainings.tests.factories import ThemeFactory

from .factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db


def test_public_sees_only_counts_never_names_or_contacts(client):
    expert = ExpertProfileFactory(user__name="Núria Experta")
    theme = ThemeFactory(label_ca="Finances ètiques")
    expert.areas.add(theme)
    response = client.get(reverse("experts:list"))
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Núria Experta" not in content and expert.contact_email not in content
    assert "Finances ètiques" in content
    assert (
        client.get(reverse("experts:detail", args=[expert.pk])).status_code
        == HTTPStatus.FOUND
    )


def test_registered_person_sees_listed_experts_and_contact(client_for):
    listed = ExpertProfileFactory(user__name="Núria Experta")
    hidden = ExpertProfileFactory(user__name="Oculta Persona", listed=False)
    client = client_for(UserFactory())
    content = client.get(reverse("experts:list")).content.decode()
    assert "Núria Experta" in content and "Oculta Persona" not in content
    detail = client.get(reverse("experts:detail", args=[listed.pk])).content.decode()
    assert listed.contact_email in detail
    assert (
        client.get(reverse("experts:detail", args=[hidden.pk])).status_code
        == HTTPStatus.NOT_FOUND
    )


def test_profile_with_consent_stores_text_and_date_and_withdrawal_hides_at_once(
    client_for,
):
    user = UserFactory()
    client = client_for(user)
    response = client.post(
        reverse("experts:profile_edit"),
        {"headline": "Compra pública", "bio": "", "member": "", "languages": ["ca"], "takes_consultations": "on",
         "contact_email": "", "contact_phone": "", "consent": "on"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    profile = ExpertProfile.objects.get(user=user)
    consent = ExpertConsent.objects.get(profile=profile)
    assert (
        profile.listed
        and consent.text
        and consent.given_at
        and consent.withdrawn_at is None
    )
    client.post(reverse("experts:consent_withdraw"))
    profile.refresh_from_db()
    consent.refresh_from_db()
    assert not profile.listed and consent.withdrawn_at is not None
    assert not ExpertProfile.objects.listed().exists()


def test_profile_without_consent_is_saved_but_not_listed(client_for):
    user = UserFactory()
    client_for(user).post(
        reverse("experts:profile_edit"),
        {
            "headline": "X",
            "languages": ["ca"],
            "contact_email": "",
            "contact_phone": "",
            "bio": "",
            "member": "",
        },
    )
    assert ExpertProfile.objects.get(user=user).listed is False


def test_missing_headline_keeps_what_was_typed(client_for):
    response = client_for(UserFactory()).post(
        reverse("experts:profile_edit"),
        {
            "headline": "",
            "bio": "Text que no es perd",
            "languages": ["ca"],
            "consent": "on",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "Text que no es perd" in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_consultation_thread_is_private_to_its_two_people(
    client_for, secretariat_user, django_capture_on_commit_callbacks
):
    expert = ExpertProfileFactory(user__language="es")
    asker = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(asker).post(
            reverse("experts:detail", args=[expert.pk]),
            {"subject": "Clàusules", "body": "Com ho feu?"},
        )
    consultation = Consultation.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert mail.outbox[-1].to == [expert.user.email]
    assert mail.outbox[-1].subject.startswith("Nueva consulta")  # the expert's language
    assert "Com ho feu?" not in mail.outbox[-1].body
    url = reverse("experts:consultation", args=[consultation.pk])
    assert client_for(secretariat_user).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(UserFactory()).get(url).status_code == HTTPStatus.NOT_FOUND
    with django_capture_on_commit_callbacks(execute=True):
        client_for(expert.user).post(url, {"body": "Així."})
    assert mail.outbox[-1].to == [asker.email]
    assert "Així." in client_for(asker).get(url).content.decode()


def test_cannot_ask_someone_who_takes_no_consultations(client_for):
    expert = ExpertProfileFactory(takes_consultations=False)
    response = client_for(UserFactory()).post(
        reverse("experts:detail", args=[expert.pk]), {"subject": "S", "body": "B"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Consultation.objects.exists()


def test_download_own_data_as_json(client_for):
    expert = ExpertProfileFactory()
    asker = UserFactory()
    services.consultation_ask(
        expert_profile=expert, requester=asker, subject="S", body="Pregunta"
    )
    response = client_for(expert.user).get(
        reverse("experts:my_data"), {"download": "1"}
    )
    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/json")
    assert data["profile"]["headline"] == expert.headline
    assert data["consents"][0]["text"] == "Accepto"
    assert data["consultations"][0]["messages"][0]["body"] == "Pregunta"


def test_delete_own_data_keeps_other_persons_messages(client_for):
    expert = ExpertProfileFactory()
    asker = UserFactory()
    consultation = services.consultation_ask(
        expert_profile=expert, requester=asker, subject="S", body="Pregunta"
    )
    services.consultation_reply(
        consultation=consultation, author=expert.user, body="Resposta"
    )
    profile_id = expert.pk
    response = client_for(expert.user).post(
        reverse("experts:my_data"), {"confirm": "on"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not ExpertProfile.objects.filter(pk=profile_id).exists()
    assert not ExpertProfile.history.filter(id=profile_id).exists()
    assert not ExpertConsent.objects.exists()
    messages = {m.body: m for m in ConsultationMessage.objects.all()}
    assert messages["Pregunta"].author == asker
    assert messages["Resposta"].author is None and messages["Resposta"].author_removed
    consultation.refresh_from_db()
    assert consultation.expert is None and consultation.requester == asker
    content = client_for(asker).get(consultation.get_absolute_url()).content.decode()
    assert "Pregunta" in content


def test_search_document_is_for_members_without_contact_details():
    from teixit.experts.search_providers import document_for

    expert = ExpertProfileFactory(contact_phone="600111222")
    doc = document_for(expert)
    assert doc.visibility == "members"
    assert expert.contact_email not in doc.body and "600111222" not in doc.body
    assert expert.user.email not in doc.body
    services.expert_consent_withdraw(profile=expert)
    assert document_for(expert) is None


@pytest.mark.parametrize(
    "role, sees_all",
    [("secretariat_user", True), ("technician_user", False)],
)
def test_admin_profiles_per_role(request, client_for, role, sees_all):
    user = request.getfixturevalue(role)
    ExpertProfileFactory(user__name="Algú Altre")
    response = client_for(user).get(reverse("admin:experts_expertprofile_changelist"))
    assert response.status_code == HTTPStatus.OK
    assert ("Algú Altre" in response.content.decode()) is sees_all


def test_no_admin_page_for_consultations(client_for, superuser):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:experts_consultation_changelist")


def test_directory_query_count_is_constant(client_for, django_assert_max_num_queries):
    client = client_for(UserFactory())
    theme = ThemeFactory()
    for expert in ExpertProfileFactory.create_batch(2):
        expert.areas.add(theme)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("experts:list"))
    for expert in ExpertProfileFactory.create_batch(10):
        expert.areas.add(theme)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("experts:list"))


def test_profile_form_lists_active_members_from_rows_and_keeps_the_chosen_one(
    client_for,
):
    """The member select offers every active member (950 at network scale)
    written from (pk, name) rows, no member object per option; the chosen one
    is saved and shown selected, a member who left is neither offered nor
    accepted."""
    from unittest import mock

    from django.utils import timezone

    from teixit.network.models import Member
    from teixit.network.tests.factories import MemberFactory

    chosen = MemberFactory(name="Ajuntament d'Alfa & Beta")
    gone = MemberFactory(name="Ajuntament de Baixa", left_on=timezone.localdate())
    MemberFactory.create_batch(10)
    user = UserFactory()
    client = client_for(user)
    url = reverse("experts:profile_edit")
    client.get(url)
    with mock.patch.object(Member, "from_db", wraps=Member.from_db) as built:
        content = client.get(url).content.decode()
    assert built.call_count == 0
    assert (
        f'<option value="{chosen.pk}">Ajuntament d&#x27;Alfa &amp; Beta</option>'
        in (content)
    )
    assert "Ajuntament de Baixa" not in content

    data = {"headline": "Compra pública", "bio": "", "languages": ["ca"],
            "contact_email": "", "contact_phone": ""}  # fmt: skip
    client.post(url, {**data, "member": gone.pk})
    assert not ExpertProfile.objects.filter(user=user).exists()
    assert client.post(url, {**data, "member": chosen.pk}).status_code == (
        HTTPStatus.FOUND
    )
    assert ExpertProfile.objects.get(user=user).member == chosen
    content = client.get(url).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in content
