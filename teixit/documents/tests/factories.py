import factory
from factory.django import DjangoModelFactory

from teixit.documents.models import Document
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
