"""Limits of the importers (work plans, entity lists), one place for all.

Each importer has a largest file, a largest number of data rows and, for .xlsx
workbooks (zip archives of XML), a largest total uncompressed size and a largest
compression ratio, both read from the sizes the archive declares before anything
is decompressed (Python's zip reader never inflates an entry beyond its declared
size, so the declared sizes are a real bound). Settings:

    TEIXIT_IMPORT_LIMITS = {
        "workplans": {"max_bytes": 5 * 2**20, "max_rows": 5_000, ...},
        "entities": {"max_bytes": 200 * 2**20, "max_rows": 1_000_000, ...},
    }

Keys left out keep the defaults below. The checks raise ValidationError with
codes "file_too_large", "too_many_rows", "expands_too_much".
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULT_IMPORT_LIMITS: dict[str, dict[str, int]] = {
    # The network's plan is ~40 rows and 20 KB; generous room above that.
    "workplans": {
        "max_bytes": 5 * MB,
        "max_rows": 5_000,
        "max_uncompressed_bytes": 50 * MB,
        "max_compression_ratio": 100,
    },
    # A register of a million entities is ~250 MB of CSV.
    "entities": {
        "max_bytes": 300 * MB,
        "max_rows": 1_000_000,
        "max_uncompressed_bytes": 1024 * MB,
        "max_compression_ratio": 100,
    },
}


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int
    max_rows: int
    max_uncompressed_bytes: int
    max_compression_ratio: int

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise ValidationError(
                _(
                    "The file is too large (%(size)s); the limit for this import is "
                    "%(limit)s. Split it into smaller files."
                )
                % {
                    "size": filesizeformat(size),
                    "limit": filesizeformat(self.max_bytes),
                },
                code="file_too_large",
            )

    def check_rows(self, rows: int) -> None:
        """Call with the number of data rows read so far (or estimated)."""
        if rows > self.max_rows:
            raise ValidationError(self.too_many_rows_message(), code="too_many_rows")

    def too_many_rows_message(self) -> str:
        return _(
            "The file has more than %(limit)s rows, the limit for this import. "
            "Split it into smaller files."
        ) % {"limit": number_format(self.max_rows, force_grouping=True)}

    def check_archive(self, file) -> None:
        """For a zip archive (.xlsx): refuse it when the sizes its entries
        declare add up to too much, or compress suspiciously well. `file` is a
        path or a binary file object; not a zip: nothing to check here."""
        try:
            with zipfile.ZipFile(file) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return
        finally:
            if hasattr(file, "seek"):
                file.seek(0)
        expanded = sum(entry.file_size for entry in entries)
        compressed = sum(entry.compress_size for entry in entries) or 1
        if (
            expanded > self.max_uncompressed_bytes
            or expanded / compressed > self.max_compression_ratio
        ):
            raise ValidationError(
                _(
                    "This workbook would expand to %(size)s when opened (the limit is "
                    "%(limit)s and at most %(ratio)s times its size): it is refused. "
                    "Save it again or export it as CSV."
                )
                % {
                    "size": filesizeformat(expanded),
                    "limit": filesizeformat(self.max_uncompressed_bytes),
                    "ratio": self.max_compression_ratio,
                },
                code="expands_too_much",
            )


def import_limits(importer: str) -> ImportLimits:
    """The limits of `importer` ("workplans", "entities"), from settings."""
    configured = getattr(settings, "TEIXIT_IMPORT_LIMITS", {}).get(importer, {})
    return ImportLimits(**{**DEFAULT_IMPORT_LIMITS[importer], **configured})


# Cells of the importers' files (funding lines, practices): one reading of the
# dates and amounts people write.
CELL_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def cell_date(text: str) -> date:
    """A date written as 2026-03-31, 31/03/2026, 31-03-2026 or 31.03.2026;
    ValueError otherwise."""
    text = text.strip()
    for pattern in CELL_DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def cell_amount(text: str) -> Decimal:
    """An amount in euros ("12.500,50 €", "12500.50"): not negative, finite;
    InvalidOperation otherwise."""
    cleaned = text.replace("€", "").replace(" ", "").strip()
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    value = Decimal(cleaned)
    if value < 0 or not value.is_finite():
        raise InvalidOperation
    return value
