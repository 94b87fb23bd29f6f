"""A failed file save becomes a form error instead of a server error.

When the media folder cannot be written (full disk, wrong permissions, a
network share gone), storing an upload raises OSError. Unhandled, the page
answers 500 and whatever the person typed beside the file (a progress note, a
description) is lost. Every view or service that stores an upload runs the
service call in `storage_failure_as_error()`: the error goes to the log for the
administrators, the service's transaction is rolled back (nothing is saved),
and a ValidationError with a clear, translated message reaches the form, which
is shown again with the text kept (only the file must be chosen again: browsers
never refill a file input).
"""

import logging
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("teixit.storage")

STORAGE_FAILED = _(
    "The file could not be stored, so nothing was saved. What you wrote is "
    "kept below: choose the file again and retry. If it happens again, tell "
    "the site's administrators."
)


@contextmanager
def storage_failure_as_error():
    """Turn an OSError raised while storing files into a ValidationError
    (code "storage_failed"). Wrap the whole service call, so that its
    transaction is rolled back before the form shows the error."""
    try:
        yield
    except OSError as exc:
        logger.error("Storing an uploaded file failed: %s", exc, exc_info=True)
        raise ValidationError(STORAGE_FAILED, code="storage_failed") from exc
