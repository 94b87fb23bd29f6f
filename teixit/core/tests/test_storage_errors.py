import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from teixit.core.storage_errors import storage_failure_as_error

from .storage import make_media_unwritable


def test_a_storage_failure_becomes_a_validation_error_and_is_logged(
    settings, tmp_path, caplog
):
    make_media_unwritable(settings, tmp_path)
    with (
        caplog.at_level(logging.ERROR, logger="teixit.storage"),
        pytest.raises(ValidationError) as caught,
    ):
        with storage_failure_as_error():
            default_storage.save("private/a.txt", ContentFile(b"a"))
    assert caught.value.code == "storage_failed"
    with translation.override("en"):
        assert "nothing was saved" in caught.value.messages[0]
    assert "Storing an uploaded file failed" in caplog.text


def test_other_errors_pass_through():
    with pytest.raises(ValueError), storage_failure_as_error():
        raise ValueError("not a storage problem")
