"""The narrative that was one admin field becomes v1 of "Our narrative"."""

import importlib
from http import HTTPStatus

import pytest
from django.apps import apps

from teixit.documents.models import Document
from teixit.network.tests.factories import BodyFactory, NetworkFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "teixit.documents.migrations.0002_narrative_from_network"
)


def test_the_narrative_field_becomes_version_1_of_the_narrative(client):
    executive = BodyFactory(kind="executive_commission")
    NetworkFactory(description="Som una xarxa.\n\nVenim de lluny.")

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # twice: still one document

    document = Document.objects.get(kind=Document.Kind.NARRATIVE)
    version = document.versions.get()
    assert (version.number, version.text) == (1, "Som una xarxa.\n\nVenim de lluny.")
    assert version.approved_by_body == executive
    assert document.stage == Document.Stage.PUBLISHED and document.is_public
    page = client.get(document.get_public_url())
    assert page.status_code == HTTPStatus.OK
    assert "Venim de lluny." in page.content.decode()


def test_no_narrative_no_document():
    NetworkFactory(description="")
    migration.forwards(apps, None)
    assert not Document.objects.exists()
