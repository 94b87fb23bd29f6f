import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from teixit.core.imports import import_limits


def bomb_xlsx(expanded: int = 62 * 1024 * 1024) -> bytes:
    """An .xlsx-shaped archive of a few hundred KB whose shared strings expand
    to `expanded` bytes of XML (the 259 KB → 62 MB file of the issue)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/sharedStrings.xml", b"<si><t>a</t></si>" * (expanded // 16)
        )
    return out.getvalue()


def test_limits_come_from_settings_with_defaults(settings):
    settings.TEIXIT_IMPORT_LIMITS = {"workplans": {"max_rows": 7}}
    limits = import_limits("workplans")
    assert limits.max_rows == 7 and limits.max_bytes == 5 * 1024 * 1024
    assert import_limits("entities").max_rows == 1_000_000


def test_archive_check_reads_declared_sizes_only():
    data = bomb_xlsx()
    assert len(data) < 400 * 1024
    for importer in ("workplans", "entities"):
        with pytest.raises(ValidationError) as info:
            import_limits(importer).check_archive(io.BytesIO(data))
        assert info.value.code == "expands_too_much"
    import_limits("entities").check_archive(io.BytesIO(b"not a zip"))


def test_size_and_row_checks_say_the_limit(settings):
    settings.LANGUAGE_CODE = "en"
    settings.TEIXIT_IMPORT_LIMITS = {"workplans": {"max_bytes": 1000, "max_rows": 10}}
    limits = import_limits("workplans")
    with pytest.raises(ValidationError) as info:
        limits.check_size(2000)
    assert info.value.code == "file_too_large"
    limits.check_rows(10)
    with pytest.raises(ValidationError) as info:
        limits.check_rows(11)
    assert info.value.code == "too_many_rows" and "10" in info.value.messages[0]
