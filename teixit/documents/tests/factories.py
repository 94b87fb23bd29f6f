import datetime as dt

import factory
from factory.django import DjangoModelFactory

from teixit.documents.models import Document, Version
from teixit.network.tests.factories import BodyFactory


class DocumentFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    slug = factory.Sequence(lambda n: f"document-{n}")
    kind = Document.Kind.ETHICAL_CODE
    language = "ca"
    text = "Primer paràgraf.\n\nSegon paràgraf.\n\nTercer paràgraf."
    approving_body = factory.SubFactory(BodyFactory, kind="executive_commission")
    editing_body = None

    class Meta:
        model = Document


class ApprovedVersionFactory(DjangoModelFactory):
    """An approved version of `document`: its title and text, approved by its
    approving body (give `number` and `approved_on`)."""

    document = factory.SubFactory(DocumentFactory)
    number = 1
    title = factory.SelfAttribute("document.title")
    text = factory.SelfAttribute("document.text")
    approved_by_body = factory.SelfAttribute("document.approving_body")
    approved_on = dt.date(2026, 12, 5)

    class Meta:
        model = Version
