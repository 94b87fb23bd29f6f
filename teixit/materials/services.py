"""Writes of the materials library.

Rules owned here: every file passes the upload check (size limit, real type
by content); a new file becomes a new version and the older ones stay
downloadable; PDFs and images get a preview image; a material is either a
file, a link or both, never neither; the secretariat publishes.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from teixit.core.uploads import validate_upload

from . import signals
from .models import Material, MaterialVersion
from .previews import preview_png

EDITABLE_FIELDS = [
    "title", "description", "kind", "language", "licence", "author_member", "authors", "url",
    "published_on", "visibility",
]  # fmt: skip


@transaction.atomic
def material_version_add(
    *, material: Material, file, uploaded_by=None, note: str = ""
) -> MaterialVersion:
    """Store a new version of the material's file after checking it."""
    content_type = validate_upload(file)
    number = (material.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = MaterialVersion(
        material=material,
        number=number,
        file=file,
        original_name=(getattr(file, "name", "") or "file")[:255],
        content_type=content_type,
        size=file.size,
        note=note,
        uploaded_by=uploaded_by,
    )
    png = preview_png(file, content_type)
    version.save()
    if png:
        version.preview.save(f"{number}.png", ContentFile(png), save=False)
        version.save(update_fields=["preview"])
    return version


@transaction.atomic
def material_create(
    *, created_by, data: dict, themes=None, file=None, note: str = ""
) -> Material:
    """A new material waiting for publication."""
    if file is None and not data.get("url"):
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Upload a file or give a link."), code="file_or_link"
                )
            }
        )
    material = Material(created_by=created_by, status=Material.Status.DRAFT)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(material, name, data[name])
    material.full_clean()
    material.save()
    if themes is not None:
        material.themes.set(themes)
    if file is not None:
        material_version_add(
            material=material, file=file, uploaded_by=created_by, note=note
        )
    return material


@transaction.atomic
def material_update(
    *,
    material: Material,
    data: dict,
    themes=None,
    file=None,
    uploaded_by=None,
    note: str = "",
) -> Material:
    changed = []
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(material, name, data[name])
            changed.append(name)
    if file is None and not material.url and not material.versions.exists():
        raise ValidationError(
            {
                "url": ValidationError(
                    _("Upload a file or give a link."), code="file_or_link"
                )
            }
        )
    material.full_clean()
    material.save(update_fields=[*changed, "updated_at"])
    if themes is not None:
        material.themes.set(themes)
    if file is not None:
        material_version_add(
            material=material, file=file, uploaded_by=uploaded_by, note=note
        )
    return material


@transaction.atomic
def material_publish(*, material: Material) -> Material:
    if material.is_published:
        raise ValidationError(
            _("The material is already published."), code="already_published"
        )
    material.status = Material.Status.PUBLISHED
    material.full_clean()
    material.save(update_fields=["status", "updated_at"])
    signals.material_published.send(Material, material=material)
    return material
