"""Preview images of uploaded files: the first page of a PDF (pypdfium2) or a
thumbnail of an image (Pillow), as PNG bytes. Anything else has no preview."""

import io
import logging

logger = logging.getLogger(__name__)
WIDTH = 480


def _pdf_preview(file) -> bytes | None:
    import pypdfium2 as pdfium

    file.seek(0)
    pdf = pdfium.PdfDocument(file.read())
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        scale = WIDTH / max(page.get_width(), 1)
        image = page.render(scale=min(scale, 3)).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        pdf.close()


def _image_preview(file) -> bytes | None:
    from PIL import Image

    file.seek(0)
    with Image.open(file) as image:
        image.thumbnail((WIDTH, WIDTH * 2))
        if image.mode not in ("RGB", "RGBA", "L"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()


def preview_png(file, content_type: str) -> bytes | None:
    """PNG bytes of a preview, or None (unsupported type or unreadable file:
    a broken preview never blocks an upload)."""
    try:
        if content_type == "application/pdf":
            return _pdf_preview(file)
        if content_type.startswith("image/"):
            return _image_preview(file)
    except Exception:  # noqa: BLE001 - third-party parsers raise many kinds
        logger.warning(
            "No preview for an uploaded %s file", content_type, exc_info=True
        )
    finally:
        file.seek(0)
    return None
