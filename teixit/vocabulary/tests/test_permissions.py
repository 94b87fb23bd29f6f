from http import HTTPStatus

import pytest
from django.urls import reverse

from .factories import ConceptFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretariat_user", HTTPStatus.OK),
        ("superuser", HTTPStatus.OK),
        ("technician_user", HTTPStatus.FORBIDDEN),
    ],
)
def test_concept_admin_change_is_for_the_secretariat(request, client_for, who, status):
    concept = ConceptFactory()
    client = client_for(request.getfixturevalue(who))
    response = client.get(reverse("admin:vocabulary_concept_change", args=[concept.pk]))
    if status == HTTPStatus.OK:
        assert response.status_code == HTTPStatus.OK
    else:
        # Staff without the permission may at most see it read-only.
        assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.OK)
        assert b'name="_save"' not in response.content


def test_vocabulary_permissions_per_role(
    secretariat_user, body_member_user, technician_user, registered_user
):
    concept = ConceptFactory()
    assert secretariat_user.has_perm("vocabulary.change_concept", concept)
    for user in (body_member_user, technician_user, registered_user):
        assert not user.has_perm("vocabulary.change_concept", concept)
        assert user.has_perm("vocabulary.view_concept", concept)


def test_glossary_is_public(client):
    ConceptFactory(label_ca="Terme públic")
    response = client.get(reverse("vocabulary:glossary"))
    assert response.status_code == HTTPStatus.OK
    assert "Terme públic" in response.content.decode()
