import pytest

from .factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_territories_are_corrected_by_the_secretariat_only(
    secretariat_user, body_member_user, technician_user, registered_user
):
    municipality = MunicipalityFactory()
    assert secretariat_user.has_perm("territories.change_municipality", municipality)
    for user in (body_member_user, technician_user, registered_user):
        assert not user.has_perm("territories.change_municipality", municipality)
        assert user.has_perm("territories.view_municipality", municipality)


def test_municipality_saved_by_hand_keeps_its_search_key(db):
    municipality = MunicipalityFactory(name="L'Ametlla del Vallès")
    assert municipality.search_name == "ametlla del valles"
    municipality.name = "la Garriga"
    municipality.save(update_fields=["name"])
    municipality.refresh_from_db()
    assert municipality.search_name == "garriga"
