import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from teixit.accounts.tests.factories import UserFactory
from teixit.materials.models import Material
from teixit.practices.tests.factories import MaterialTypeFactory


class MaterialFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Guia {n}")
    description = "Una guia per a la contractació pública responsable."
    kind = factory.SubFactory(MaterialTypeFactory)
    url = "https://example.org/guia"
    created_by = factory.SubFactory(UserFactory)

    class Meta:
        model = Material


class PublishedMaterialFactory(MaterialFactory):
    status = Material.Status.PUBLISHED
    visibility = "public"


def pdf_bytes(text_pages: int = 1) -> bytes:
    """A small real PDF made with pypdfium2."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(text_pages):
        pdf.new_page(300, 400)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def png_bytes(size=(60, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def upload(
    name: str, content: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# A Windows executable's first bytes ("MZ" header), renamed as a PDF.
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
)
